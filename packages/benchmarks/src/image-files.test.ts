import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { DatasetError, disposeMinibatch, initBackend } from '@avalanche-ts/core';
import { decodeImage } from './decode-image.js';
import { filelistBenchmark, pathsBenchmark } from './filelist-benchmark.js';
import { imageFilesDataset } from './image-files-dataset.js';
import { filelistDataset, imageFolderDataset, readFilelist } from './image-folder-dataset.js';

let root: string;

/** A w x h RGBA PNG whose every pixel is (v, 2v, 3v). */
function png(v: number, w = 4, h = 3): Buffer {
  const img = new pngjs.PNG({ width: w, height: h });
  for (let p = 0; p < w * h; p++) img.data.set([v, 2 * v, 3 * v, 255], 4 * p);
  return pngjs.PNG.sync.write(img);
}

function jpg(v: number, w = 4, h = 3): Buffer {
  const data = Buffer.alloc(w * h * 4);
  for (let p = 0; p < w * h; p++) data.set([v, v, v, 255], 4 * p);
  return jpeg.encode({ data, width: w, height: h }, 100).data;
}

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
  root = mkdtempSync(join(tmpdir(), 'images-'));
  for (const [cls, values] of [['cat', [10, 20]], ['dog', [30]]] as const) {
    mkdirSync(join(root, 'tree', cls, 'sub'), { recursive: true });
    values.forEach((v, i) => writeFileSync(join(root, 'tree', cls, i === 0 ? `${i}.png` : `sub/${i}.png`), png(v)));
  }
  writeFileSync(join(root, 'tree', 'dog', 'photo.jpg'), jpg(80));
  writeFileSync(join(root, 'tree', 'dog', 'notes.txt'), 'not an image');
  writeFileSync(join(root, 'a.png'), png(1));
  writeFileSync(join(root, 'b.png'), png(2));
  writeFileSync(join(root, 'big.png'), png(3, 5, 5));
  writeFileSync(join(root, 'broken.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0, 0]));
  writeFileSync(join(root, 'train0.txt'), 'a.png 0\nb.png 1\n\n');
  writeFileSync(join(root, 'train1.txt'), 'b.png 2\n');
  writeFileSync(join(root, 'test.txt'), 'a.png 0\nb.png 2\n');
  writeFileSync(join(root, 'bad.txt'), 'a.png zero\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

test('decodes PNG and JPEG to RGB or gray', () => {
  const rgb = decodeImage(png(10), 'p.png');
  expect([rgb.width, rgb.height, rgb.channels]).toEqual([4, 3, 3]);
  expect(Array.from(rgb.data.subarray(0, 3))).toEqual([10, 20, 30]);
  expect(decodeImage(png(10), 'p.png', 1).data[0]).toBe(Math.round(0.299 * 10 + 0.587 * 20 + 0.114 * 30));
  const j = decodeImage(jpg(80), 'j.jpg');
  expect(Math.abs(j.data[0] - 80)).toBeLessThanOrEqual(2);
  expect(() => decodeImage(new Uint8Array([1, 2, 3, 4]), 'x.bmp')).toThrow(/x.bmp: unreadable image \(not a PNG or JPEG file\)/);
});

test('image folder: classes from sorted sub-folders, images found recursively', () => {
  const { dataset, classNames } = imageFolderDataset(join(root, 'tree'));
  expect(classNames).toEqual(['cat', 'dog']);
  expect(Array.from(dataset.targets)).toEqual([0, 0, 1, 1]);
  expect(dataset.sampleShape).toEqual([3, 4, 3]);
  const b = dataset.getBatch([1]);
  expect(Math.round(b.x.dataSync()[0] * 255)).toBe(20);
  disposeMinibatch(b);
});

test('file lists: "path label" lines, eager or lazy decoding', () => {
  expect(readFilelist(join(root, 'train0.txt')).map((e) => e.label)).toEqual([0, 1]);
  for (const lazy of [false, true]) {
    const ds = filelistDataset(join(root, 'train0.txt'), { channels: 1, lazy });
    expect(ds.sampleShape).toEqual([3, 4, 1]);
    const b = ds.getBatch([1]);
    expect(Math.round(b.x.dataSync()[0] * 255)).toBe(Math.round(0.299 * 2 + 0.587 * 4 + 0.114 * 6));
    disposeMinibatch(b);
  }
  expect(() => readFilelist(join(root, 'bad.txt'))).toThrow(/bad.txt:1: expected "path label", got "a.png zero"/);
});

test('filelist and paths benchmarks: one experience per list', () => {
  const s = filelistBenchmark(root, ['train0.txt', 'train1.txt'], ['test.txt'], { taskLabels: [0, 1] });
  const exps = [...s.trainStream];
  expect(exps.map((e) => e.classesInThisExperience)).toEqual([[0, 1], [2]]);
  expect(exps[1].taskLabels).toEqual([1]);
  const p = pathsBenchmark([[{ path: 'a.png', label: 3 }]], [[{ path: 'b.png', label: 3 }]], { root });
  expect([...p.testStream][0].classesInThisExperience).toEqual([3]);
});

test('unreadable, missing and mismatched images raise DatasetErrors naming the file', () => {
  const at = (f: string) => join(root, f);
  expect(() => imageFilesDataset([{ path: at('broken.png'), label: 0 }])).toThrow(/broken.png: unreadable PNG image/);
  expect(() => imageFilesDataset([{ path: at('missing.png'), label: 0 }])).toThrow(/missing.png: cannot read image \(ENOENT\)/);
  expect(() => imageFilesDataset([{ path: at('a.png'), label: 0 }, { path: at('big.png'), label: 1 }])).toThrow(/big.png: image is 5x5, expected 4x3/);
  const lazy = imageFilesDataset([{ path: at('a.png'), label: 0 }, { path: at('broken.png'), label: 1 }], { lazy: true });
  try {
    lazy.getBatch([1]);
    throw new Error('expected a DatasetError');
  } catch (err) {
    expect(DatasetError.isInstance(err)).toBe(true);
  }
  expect(() => imageFolderDataset(at('nowhere'))).toThrow(/cannot list image folder/);
});
