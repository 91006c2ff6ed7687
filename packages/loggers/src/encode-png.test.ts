import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { encodePng, storedZlib } from './encode-png.js';

// Python's zlib and struct decode the file: a decoder that does not share code with the encoder.
const CHECK = `
import sys, struct, zlib
data = sys.stdin.buffer.read()
assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
pos, idat, out = 8, b'', []
while pos < len(data):
    n, = struct.unpack('>I', data[pos:pos+4]); kind = data[pos+4:pos+8]; body = data[pos+8:pos+8+n]
    crc, = struct.unpack('>I', data[pos+8+n:pos+12+n])
    assert zlib.crc32(kind + body) & 0xffffffff == crc, kind
    if kind == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10]); out.append('%dx%d depth %d type %d' % (w, h, depth, ctype))
    if kind == b'IDAT': idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
rows = [raw[y*(w*4+1):(y+1)*(w*4+1)] for y in range(h)]
out.append(' '.join(str(r[0]) for r in rows))
out.append(' '.join(','.join(str(b) for b in r[1+4*x:5+4*x]) for r in rows for x in range(w)))
print('\\n'.join(out))
`;

function decode(png: Uint8Array): string[] {
  return execFileSync('/usr/bin/python3', ['-c', CHECK], { input: png }).toString().trim().split('\n');
}

describe('encodePng', () => {
  const image = { width: 2, height: 2, rgba: Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 40]) };

  it.each([
    ['stored blocks', storedZlib],
    ['node zlib', (b: Uint8Array) => new Uint8Array(deflateSync(b))],
  ])('writes a PNG that Python decodes pixel for pixel (%s)', (_label, deflate) => {
    expect(decode(encodePng(image, deflate))).toEqual(['2x2 depth 8 type 6', '0 0', '255,0,0,255 0,255,0,255 0,0,255,255 10,20,30,40']);
  });

  it('splits data over 65535 bytes into several stored blocks', () => {
    const big = { width: 200, height: 100, rgba: new Uint8Array(200 * 100 * 4).fill(7) };
    const lines = decode(encodePng(big));
    expect(lines[0]).toBe('200x100 depth 8 type 6');
    expect(new Set(lines[2].split(' '))).toEqual(new Set(['7,7,7,7']));
  });
});
