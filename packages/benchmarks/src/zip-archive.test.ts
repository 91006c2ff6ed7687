import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AvalancheError } from '@avalanche-ts/core';
import { ZipArchive, crc32, makeZip } from './zip-archive.js';

let dir: string;
const text = (s: string) => new TextEncoder().encode(s);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zip-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('crc32 matches the standard check value', () => {
  expect(crc32(text('123456789'))).toBe(0xcbf43926);
});

test('round trip: entries, contents, extraction through temporary files', () => {
  const path = join(dir, 'a.zip');
  writeFileSync(path, makeZip([{ name: 'x/one.txt', data: text('one') }, { name: 'two.bin', data: new Uint8Array(5000).fill(9) }]));
  const zip = ZipArchive.open(path);
  expect(zip.entries.map((e) => [e.name, e.size])).toEqual([['x/one.txt', 3], ['two.bin', 5000]]);
  expect(new TextDecoder().decode(zip.read(zip.entries[0]))).toBe('one');
  const out = join(dir, 'out');
  expect(zip.extractTo(out)).toBe(2);
  zip.close();
  expect(readFileSync(join(out, 'x', 'one.txt'), 'utf8')).toBe('one');
  expect(readdirSync(out).sort()).toEqual(['two.bin', 'x']);
});

test('corrupt, truncated and hostile archives raise DatasetErrors naming the archive', () => {
  const good = makeZip([{ name: 'f.txt', data: text('hello hello hello') }]);
  const corrupt = good.slice();
  corrupt[37] ^= 0xff; // inside the deflated body (after the 30-byte header and the 5-byte name)
  const cases: [string, Uint8Array, RegExp][] = [
    ['corrupt.zip', corrupt, /corrupt.zip: (corrupt deflate data|CRC-32 mismatch|f.txt inflated)/],
    ['plain.zip', text('just text, no zip here'), /plain.zip: not a zip archive/],
    ['evil.zip', makeZip([{ name: '../escape.txt', data: text('x') }]), /evil.zip: member ..\/escape.txt points outside/],
  ];
  for (const [name, bytes, message] of cases) {
    writeFileSync(join(dir, name), bytes);
    let caught: unknown;
    try {
      const zip = ZipArchive.open(join(dir, name));
      try {
        zip.extractTo(join(dir, 'x-' + name));
      } finally {
        zip.close();
      }
    } catch (err) {
      caught = err;
    }
    expect(AvalancheError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  }
  expect(existsSync(join(dir, 'escape.txt'))).toBe(false);
  expect(() => ZipArchive.open(join(dir, 'missing.zip'))).toThrow(/missing.zip: cannot open zip archive \(ENOENT\)/);
});
