import { DatasetError } from '@avalanche-ts/core';

/** A regular file inside a tar archive (its bytes are a view into the archive). */
export interface TarEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

/**
 * Lists the regular files of an (uncompressed) tar archive: ustar and GNU headers, with GNU long names
 * ('L') and pax path records ('x'). `source` names the archive in errors (bad checksum, truncation).
 */
export function untar(bytes: Uint8Array, source: string): TarEntry[] {
  const entries: TarEntry[] = [];
  const decoder = new TextDecoder();
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= bytes.length) {
    const header = bytes.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const stored = parseOctal(header.subarray(148, 156));
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
    if (stored !== sum) throw new DatasetError(`${source}: corrupt tar header at byte ${offset} (checksum ${stored}, computed ${sum})`);
    const size = parseOctal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 48);
    const start = offset + 512;
    if (start + size > bytes.length) throw new DatasetError(`${source}: truncated tar archive (entry at byte ${offset} needs ${size} bytes)`);
    const data = bytes.subarray(start, start + size);
    const field = (from: number, to: number) => decoder.decode(header.subarray(from, to)).replace(/\0.*$/s, '');
    const prefix = field(345, 500);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (type === 'L') longName = decoder.decode(data).replace(/\0.*$/s, '');
    else if (type === 'x') {
      const path = /\d+ path=([^\n]*)\n/.exec(decoder.decode(data));
      if (path) longName = path[1];
    } else if (type === '0' || type === '7') entries.push({ name, data });
    offset = start + Math.ceil(size / 512) * 512;
  }
  return entries;
}

function parseOctal(field: Uint8Array): number {
  let value = 0;
  for (const b of field) {
    if (b === 0 || b === 32) {
      if (value > 0) break;
      continue;
    }
    value = value * 8 + (b - 48);
  }
  return value;
}
