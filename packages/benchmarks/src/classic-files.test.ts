import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pngjs from 'pngjs';
import { disposeMinibatch, initBackend, isSizedStream } from '@avalanche-ts/core';
import { CORE50_SCENARIOS, CORE50_URLS, core50 } from './core50.js';
import { SKLEARN_DIGITS_PATH, loadSklearnDigits } from './load-sklearn-digits.js';
import { TINY_IMAGENET_URL, splitTinyImageNet } from './split-tiny-imagenet.js';
import { makeZip } from './zip-archive.js';

let root: string;

function png(v: number, size: number): Buffer {
  const img = new pngjs.PNG({ width: size, height: size });
  for (let p = 0; p < size * size; p++) img.data.set([v, v, v, 255], 4 * p);
  return pngjs.PNG.sync.write(img);
}

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
  root = mkdtempSync(join(tmpdir(), 'classic-'));
  // Tiny ImageNet layout with 4 classes x 2 train images and 4 val images, 8x8 instead of 64x64.
  const tin = join(root, 'tiny-imagenet-200');
  const wnids = ['n01', 'n02', 'n03', 'n04'];
  mkdirSync(join(tin, 'val', 'images'), { recursive: true });
  writeFileSync(join(tin, 'wnids.txt'), wnids.join('\n') + '\n');
  wnids.forEach((w, c) => {
    mkdirSync(join(tin, 'train', w, 'images'), { recursive: true });
    for (let k = 0; k < 2; k++) writeFileSync(join(tin, 'train', w, 'images', `${w}_${k}.png`), png(10 * c + k, 8));
    writeFileSync(join(tin, 'val', 'images', `val_${c}.png`), png(100 + c, 8));
  });
  writeFileSync(join(tin, 'val', 'val_annotations.txt'), wnids.map((w, c) => `val_${c}.png\t${w}\t0\t0\t8\t8`).join('\n'));
  // CORe50 layout: NC protocol, run 0, 9 train lists (objects 0..44 in 9 groups of 5 categories), 1 test list.
  const core = join(root, 'core50');
  for (const size of ['core50_128x128', 'core50_32x32']) mkdirSync(join(core, size, 's1'), { recursive: true });
  for (let o = 0; o < 50; o++) {
    writeFileSync(join(core, 'core50_128x128', 's1', `o${o}.png`), png(o, 4));
    writeFileSync(join(core, 'core50_32x32', 's1', `o${o}.png`), png(o, 2));
  }
  const lists = join(core, CORE50_SCENARIOS.nc.lists, 'run0');
  mkdirSync(lists, { recursive: true });
  for (let e = 0; e < 9; e++) {
    const objects = e === 0 ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] : [5 + 5 * e, 6 + 5 * e, 7 + 5 * e, 8 + 5 * e, 9 + 5 * e];
    writeFileSync(join(lists, `train_batch_${String(e).padStart(2, '0')}_filelist.txt`), objects.map((o) => `s1/o${o}.png ${o}`).join('\n'));
  }
  writeFileSync(join(lists, 'test_filelist.txt'), [0, 10, 49].map((o) => `s1/o${o}.png ${o}`).join('\n'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

test('SplitTinyImageNet reads the extracted layout: wnids order, val annotations as test', async () => {
  const s = await splitTinyImageNet({ dir: join(root, 'tiny-imagenet-200'), nExperiences: 2, shuffle: false });
  const train = s.trainStream;
  if (!isSizedStream(train)) throw new Error('sized');
  expect(train.at(0).classesInThisExperience).toEqual([0, 1]);
  expect(train.at(0).dataset.length).toBe(4);
  expect([...s.testStream].map((e) => e.dataset.length)).toEqual([2, 2]);
  const b = [...s.testStream][1].dataset.getBatch([0]);
  // val_2 (class n03, value 102), Normalize with CIFAR-10 red statistics.
  expect(b.x.dataSync()[0]).toBeCloseTo((102 / 255 - 0.4914) / 0.2023, 4);
  disposeMinibatch(b);
  await expect(splitTinyImageNet({ dir: join(root, 'nowhere') })).rejects.toThrow(/wnids.txt not found.*tiny-imagenet-200.zip/);
});

test('CORe50 NC: 9 experiences from the file lists, one test experience, object or category labels', async () => {
  const s = await core50({ dir: join(root, 'core50'), scenario: 'nc' });
  const train = s.trainStream;
  if (!isSizedStream(train)) throw new Error('sized');
  expect(train.length).toBe(9);
  expect(train.at(0).classesInThisExperience).toHaveLength(10);
  expect(train.at(1).previousClasses).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect([...s.testStream]).toHaveLength(1);
  expect(train.at(0).dataset.sampleShape).toEqual([4, 4, 3]);
  expect(s.nClasses).toBe(50);
  const cats = await core50({ dir: join(root, 'core50'), scenario: 'nc', objectLvl: false, mini: true });
  const tr = cats.trainStream;
  if (!isSizedStream(tr)) throw new Error('sized');
  expect(tr.at(0).classesInThisExperience).toEqual([0, 1]);
  expect(tr.at(0).dataset.sampleShape).toEqual([2, 2, 3]);
  expect(cats.nClasses).toBe(10);
  await expect(core50({ dir: join(root, 'core50'), scenario: 'ni' })).rejects.toThrow(/core50: .*NI_inc\/run0 not found/);
});

test('download: Tiny ImageNet and CORe50 zips are fetched (here from 127.0.0.1), extracted once and removed', async () => {
  // Zip the fixtures the test wrote, under the member names of the published archives.
  const members = (dir: string, prefix: string): { name: string; data: Uint8Array }[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => {
        const full = join(d.parentPath ?? (d as unknown as { path: string }).path, d.name);
        return { name: `${prefix}${relative(dir, full)}`, data: readFileSync(full) };
      });
  const zips: Record<string, Uint8Array> = {
    '/tiny-imagenet-200.zip': makeZip(members(join(root, 'tiny-imagenet-200'), 'tiny-imagenet-200/')),
    '/core50_32x32.zip': makeZip(members(join(root, 'core50', 'core50_32x32'), 'core50_32x32/')),
    '/batches_filelists.zip': makeZip(members(join(root, 'core50', 'batches_filelists'), 'batches_filelists/')),
  };
  const server = createServer((req, res) => {
    const body = zips[req.url ?? ''];
    if (body) res.end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const requested: string[] = [];
  const localFetch: typeof fetch = (input, init) => {
    requested.push(String(input));
    return fetch(`http://127.0.0.1:${port}/${String(input).split('/').pop()}`, init);
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'zip-dl-'));
  try {
    const opts = { dataDir, useSharedData: false, download: true, fetch: localFetch };
    const tin = await splitTinyImageNet({ ...opts, nExperiences: 2 });
    expect([...tin.trainStream].map((e) => e.dataset.length)).toEqual([4, 4]);
    const c = await core50({ ...opts, scenario: 'nc', mini: true });
    expect([...c.testStream][0].dataset.length).toBe(3);
    expect(requested).toEqual([TINY_IMAGENET_URL, CORE50_URLS.images32, CORE50_URLS.filelists]);
    await splitTinyImageNet({ ...opts, nExperiences: 2 });
    expect(requested).toHaveLength(3);
    expect(readdirSync(dataDir).sort()).toEqual(['core50', 'tiny-imagenet-200']);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await new Promise((r) => server.close(r));
  }
});

const digits = existsSync(SKLEARN_DIGITS_PATH) ? test : test.skip;
if (!existsSync(SKLEARN_DIGITS_PATH)) console.warn(`classic-files.test: ${SKLEARN_DIGITS_PATH} absent (apt-get install python3-sklearn); digits test skipped`);
digits('sklearn digits: 1,797 real 8x8 images in 10 classes', () => {
  const ds = loadSklearnDigits();
  expect(ds.length).toBe(1797);
  expect(ds.sampleShape).toEqual([8, 8, 1]);
  expect(new Set(ds.targets).size).toBe(10);
  const b = ds.getBatch([0]);
  expect(Math.max(...b.x.dataSync())).toBeLessThanOrEqual(1);
  disposeMinibatch(b);
});
