import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError, Rng, disposeMinibatch, initBackend, isSizedStream } from '@avalanche-ts/core';
import { expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { encodeCifarBatch, parseCifarBatch } from './cifar-format.js';
import { CIFAR_URLS, loadCifar10, loadCifar100 } from './load-cifar.js';
import { makeTar } from './make-tar.js';
import { splitCIFAR10, splitCIFAR100, splitCIFAR110 } from './split-cifar.js';

let dir10: string;
let dir100: string;
const rng = new Rng(1);

/** n images whose pixels are random, labels i % nClasses. */
function batch(n: number, nClasses: number) {
  const images = Uint8Array.from({ length: n * 3072 }, () => rng.int(256));
  const labels = Int32Array.from({ length: n }, (_, i) => i % nClasses);
  const coarseLabels = Int32Array.from(labels, (l) => l % 20);
  return { images, labels, coarseLabels };
}

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
  dir10 = mkdtempSync(join(tmpdir(), 'cifar10-'));
  for (let k = 1; k <= 5; k++) writeFileSync(join(dir10, `data_batch_${k}.bin`), encodeCifarBatch(batch(10, 10), 1));
  writeFileSync(join(dir10, 'test_batch.bin'), encodeCifarBatch(batch(20, 10), 1));
  dir100 = mkdtempSync(join(tmpdir(), 'cifar100-'));
  writeFileSync(join(dir100, 'train.bin'), encodeCifarBatch(batch(200, 100), 2));
  writeFileSync(join(dir100, 'test.bin'), encodeCifarBatch(batch(100, 100), 2));
});

afterAll(() => {
  rmSync(dir10, { recursive: true, force: true });
  rmSync(dir100, { recursive: true, force: true });
});

test('binary batches round trip, planes reordered to channels-last', () => {
  const b = batch(3, 10);
  const bytes = encodeCifarBatch(b, 1);
  // Record 0: label byte, then the red plane: red of pixel 0 is byte 1.
  expect(bytes[1]).toBe(b.images[0]);
  expect(bytes[1 + 1024]).toBe(b.images[1]);
  const back = parseCifarBatch(bytes, 1, 'mem');
  expect(Array.from(back.images)).toEqual(Array.from(b.images));
  expect(Array.from(back.labels)).toEqual(Array.from(b.labels));
  const b100 = parseCifarBatch(encodeCifarBatch(b, 2), 2, 'mem100');
  expect(Array.from(b100.coarseLabels!)).toEqual(Array.from(b.coarseLabels));
});

test('bad CIFAR files name the file and the problem', async () => {
  expect(() => parseCifarBatch(new Uint8Array(3072), 1, 'x.bin')).toThrow(/x.bin: 3072 bytes is not a whole number of 3073-byte CIFAR records/);
  const wrong = encodeCifarBatch(batch(1, 10), 1);
  wrong[0] = 200;
  expect(() => parseCifarBatch(wrong, 1, 'y.bin')).toThrow(/y.bin: record 0 has label 200/);
  await expect(loadCifar10({ dir: '/nonexistent-cifar' })).rejects.toThrow(/cannot read CIFAR batch/);
  const err = await loadCifar10({ dataDir: '/nonexistent-root', useSharedData: false }).catch((e: unknown) => e);
  expect(DatasetError.isInstance(err)).toBe(true);
  expect((err as Error).message).toMatch(/data_batch_1.bin not found.*cifar-10-binary.tar.gz/);
});

test('loaders read the files the test wrote', async () => {
  const c10 = await loadCifar10({ dir: dir10 });
  expect(c10.train.length).toBe(50);
  expect(c10.train.sampleShape).toEqual([32, 32, 3]);
  const c100 = await loadCifar100({ dir: dir100 });
  expect(new Set(c100.train.targets).size).toBe(100);
  expect(new Set((await loadCifar100({ dir: dir100, labels: 'coarse' })).train.targets).size).toBe(20);
});

test('SplitCIFAR10: 5 experiences of 2 classes, augmentation in train only, deterministic for the rng', async () => {
  const s = await splitCIFAR10({ dir: dir10, seed: 2 });
  const train = s.trainStream;
  if (!isSizedStream(train)) throw new Error('sized');
  expect(train.length).toBe(5);
  expect(train.at(0).dataset.length).toBe(10);
  expect(s.name).toContain('CIFAR-10');
  const ds = train.at(0).dataset;
  await expectNoTensorLeak(() => {
    const a = ds.getBatch([0, 1], { rng: new Rng(4) });
    const b = ds.getBatch([0, 1], { rng: new Rng(4) });
    const e1 = ds.eval().getBatch([0, 1]);
    const e2 = ds.eval().getBatch([0, 1], { rng: new Rng(99) });
    expect(Array.from(a.x.dataSync())).toEqual(Array.from(b.x.dataSync()));
    expect(Array.from(e1.x.dataSync())).toEqual(Array.from(e2.x.dataSync()));
    expect(a.x.shape).toEqual([2, 32, 32, 3]);
    [a, b, e1, e2].forEach(disposeMinibatch);
  });
  expect((await splitCIFAR10({ dir: dir10, firstExpWithHalfClasses: true, nExperiences: 6 })).nClassesPerExp).toEqual([5, 1, 1, 1, 1, 1]);
});

test('SplitCIFAR100 and SplitCIFAR110 (CIFAR-10 first, CIFAR-100 classes 10..109)', async () => {
  const s100 = await splitCIFAR100({ dir: dir100 });
  expect(s100.nClassesPerExp).toEqual(new Array(10).fill(10));
  const s = await splitCIFAR110({ cifar10Dir: dir10, cifar100Dir: dir100, seed: 3 });
  expect(s.nClassesPerExp).toEqual([10, ...new Array(10).fill(10)]);
  expect(s.classesInExperience.train[0]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(Math.min(...s.classesInExperience.train[1])).toBeGreaterThanOrEqual(10);
  const other = await splitCIFAR110({ cifar10Dir: dir10, cifar100Dir: dir100, seed: 4 });
  expect(other.classesOrder.slice(10)).not.toEqual(s.classesOrder.slice(10));
  expect(other.classesOrder.slice(0, 10)).toEqual(s.classesOrder.slice(0, 10));
});

test('download: fetches the archive (here from 127.0.0.1), extracts checked batches atomically, removes the archive', async () => {
  const files = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'];
  const archive = gzipSync(makeTar(files.map((f) => ({ name: `cifar-10-batches-bin/${f}`, data: readFileSync(join(dir10, f)) }))));
  const server = createServer((req, res) => {
    if (req.url === '/cifar-10-binary.tar.gz') res.end(archive);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const requested: string[] = [];
  // Route the canonical URL to the local server: the test never touches the internet.
  const localFetch: typeof fetch = (input, init) => {
    const url = String(input);
    requested.push(url);
    return fetch(url.replace(/^https?:\/\/[^/]+\/~kriz/, `http://127.0.0.1:${port}`), init);
  };
  const root = mkdtempSync(join(tmpdir(), 'cifar-dl-'));
  try {
    const sets = await loadCifar10({ dataDir: root, useSharedData: false, download: true, fetch: localFetch });
    expect(requested).toEqual([CIFAR_URLS.cifar10]);
    expect(sets.train.length).toBe(50);
    expect(readdirSync(root)).toEqual(['cifar-10-batches-bin']);
    expect(readdirSync(join(root, 'cifar-10-batches-bin')).sort()).toEqual([...files].sort());
    // Already there: no second download.
    await loadCifar10({ dataDir: root, useSharedData: false, download: true, fetch: localFetch });
    expect(requested).toHaveLength(1);
  } finally {
    rmSync(root, { recursive: true, force: true });
    await new Promise((r) => server.close(r));
  }
});
