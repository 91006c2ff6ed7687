/**
 * Writes a ustar archive of regular files (GNU 'L' records for names over 100 bytes): the inverse of
 * `untar`, used to write test fixtures and caches without a tar binary.
 */
export function makeTar(files: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const encoder = new TextEncoder();
  const blocks: Uint8Array[] = [];
  const header = (name: string, size: number, type: string) => {
    const h = new Uint8Array(512);
    h.set(encoder.encode(name).subarray(0, 100), 0);
    h.set(encoder.encode('0000644\0'), 100);
    h.set(encoder.encode('0000000\0'), 108);
    h.set(encoder.encode('0000000\0'), 116);
    h.set(encoder.encode(size.toString(8).padStart(11, '0') + '\0'), 124);
    h.set(encoder.encode('00000000000\0'), 136);
    h[156] = type.charCodeAt(0);
    h.set(encoder.encode('ustar\0' + '00'), 257);
    h.fill(32, 148, 156);
    const sum = h.reduce((a, b) => a + b, 0);
    h.set(encoder.encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
    return h;
  };
  const push = (data: Uint8Array) => {
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    blocks.push(padded);
  };
  for (const f of files) {
    const nameBytes = encoder.encode(f.name);
    if (nameBytes.length > 100) {
      blocks.push(header('././@LongLink', nameBytes.length + 1, 'L'));
      push(Uint8Array.from([...nameBytes, 0]));
    }
    blocks.push(header(f.name, f.data.length, '0'));
    push(f.data);
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((a, b) => a + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
