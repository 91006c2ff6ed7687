import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AvalancheError, disposeMinibatch, initBackend } from '@avalanche-ts/core';
import { encodeIdx } from './idx-format.js';
import { readIdxDataset, readIdxFile } from './read-idx-file.js';

let dir: string;
const images = encodeIdx({ dtype: 'uint8', shape: [3, 2, 2], data: Uint8Array.from({ length: 12 }, (_, i) => i * 20) });
const labels = encodeIdx({ dtype: 'uint8', shape: [3], data: Uint8Array.of(7, 8, 9) });
const at = (f: string) => join(dir, f);

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
  dir = mkdtempSync(join(tmpdir(), 'idx-'));
  writeFileSync(at('img.gz'), gzipSync(images));
  writeFileSync(at('img.raw'), images);
  writeFileSync(at('lab.gz'), gzipSync(labels));
  writeFileSync(at('lab2.raw'), encodeIdx({ dtype: 'uint8', shape: [2], data: Uint8Array.of(1, 2) }));
  writeFileSync(at('cut.gz'), gzipSync(images).subarray(0, 20));
  writeFileSync(at('short.raw'), images.subarray(0, images.length - 3));
  writeFileSync(at('magic.raw'), Uint8Array.of(8, 0, 0, 0, 1, 2, 3));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('reads gzip and raw IDX files the test wrote into the same dataset', () => {
  expect(Array.from(readIdxFile(at('img.gz')).data)).toEqual(Array.from(readIdxFile(at('img.raw')).data));
  const ds = readIdxDataset(at('img.gz'), at('lab.gz'));
  expect(ds.sampleShape).toEqual([2, 2, 1]);
  expect(Array.from(ds.targets)).toEqual([7, 8, 9]);
  const b = ds.getBatch([2]);
  expect(Array.from(b.x.dataSync()).map((v) => Math.round(v * 255))).toEqual([160, 180, 200, 220]);
  disposeMinibatch(b);
  // EMNIST stores images transposed: image 2 is [[160, 180], [200, 220]] row-major, so its transpose is [160, 200, 180, 220].
  const t = readIdxDataset(at('img.raw'), at('lab.gz'), { transposeImages: true });
  const tb = t.getBatch([2]);
  expect(Array.from(tb.x.dataSync()).map((v) => Math.round(v * 255))).toEqual([160, 200, 180, 220]);
  disposeMinibatch(tb);
});

test('each bad file gives its error, naming the file', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => readIdxDataset(at('img.gz'), at('lab2.raw')), /image\/label count mismatch: .*img.gz has 3 images but .*lab2.raw has 2 labels/],
    [() => readIdxFile(at('cut.gz')), /cut.gz: corrupt or truncated gzip data/],
    [() => readIdxFile(at('short.raw')), /short.raw: truncated IDX data/],
    [() => readIdxFile(at('magic.raw')), /magic.raw: not an IDX file/],
    [() => readIdxFile(at('nope.gz')), /nope.gz: cannot read file \(ENOENT\)/],
    [() => readIdxDataset(at('lab.gz'), at('lab.gz')), /lab.gz: expected uint8 images \[n, H, W\]/],
  ];
  for (const [fn, message] of cases) {
    let caught: unknown;
    try {
      fn();
    } catch (err) {
      caught = err;
    }
    expect(AvalancheError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  }
});
