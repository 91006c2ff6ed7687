import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DatasetError } from '@avalanche-ts/core';
import { ArrayDataset } from './array-dataset.js';
import { parseCifarBatch, type CifarBatch } from './cifar-format.js';
import { candidateDirs, dataRoot } from './data-root.js';
import { downloadFile } from './download-file.js';
import type { EnsureDatasetFileOptions } from './ensure-dataset-file.js';
import { gunzipOnce } from './read-idx-file.js';
import { untar } from './untar.js';
import { TypedArrayStore } from './sample-store.js';
import type { TrainTestSets } from './load-mnist.js';

/** Canonical archive of each CIFAR binary version (extract it into the data root). */
export const CIFAR_URLS = {
  cifar10: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
  cifar100: 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz',
} as const;

/** Options of the CIFAR loaders (`download: true` fetches and extracts the archive into the data root). */
export interface LoadCifarOptions extends EnsureDatasetFileOptions {
  /** Folder holding the extracted batches; default: `<data root>/cifar-10-batches-bin` (or `cifar-100-binary`). */
  readonly dir?: string;
}

/** CIFAR-10 (50,000 train / 10,000 test, 32x32x3) from its binary batches: data_batch_1..5.bin and test_batch.bin. */
export async function loadCifar10(options: LoadCifarOptions = {}): Promise<TrainTestSets> {
  if (options.download && !options.dir) await downloadCifar('cifar10', options);
  const dir = findDir('cifar-10-batches-bin', 'data_batch_1.bin', CIFAR_URLS.cifar10, options);
  const train = merge([1, 2, 3, 4, 5].map((k) => readBatch(join(dir, `data_batch_${k}.bin`), 1)));
  const test = readBatch(join(dir, 'test_batch.bin'), 1);
  return { train: toDataset(train), test: toDataset(test), dataName: 'CIFAR-10' };
}

/** CIFAR-100 (50,000 train / 10,000 test) from train.bin and test.bin; fine labels (100 classes) by default. */
export async function loadCifar100(options: LoadCifarOptions & { labels?: 'fine' | 'coarse' } = {}): Promise<TrainTestSets> {
  if (options.download && !options.dir) await downloadCifar('cifar100', options);
  const dir = findDir('cifar-100-binary', 'train.bin', CIFAR_URLS.cifar100, options);
  const pick = (b: CifarBatch) => (options.labels === 'coarse' ? { ...b, labels: b.coarseLabels! } : b);
  return {
    train: toDataset(pick(readBatch(join(dir, 'train.bin'), 2))),
    test: toDataset(pick(readBatch(join(dir, 'test.bin'), 2))),
    dataName: options.labels === 'coarse' ? 'CIFAR-100 (coarse labels)' : 'CIFAR-100',
  };
}

const CIFAR_FILES = {
  cifar10: { dir: 'cifar-10-batches-bin', labelBytes: 1, files: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'] },
  cifar100: { dir: 'cifar-100-binary', labelBytes: 2, files: ['train.bin', 'test.bin'] },
} as const;

/**
 * Downloads a CIFAR binary archive (unless its batches are already in the data root) and extracts the
 * batch files into `<data root>/<cifar-10-batches-bin | cifar-100-binary>/`. Each batch is decoded
 * before it is written (temp file + rename), so a bad or partial archive never leaves a trusted file.
 */
export async function downloadCifar(which: 'cifar10' | 'cifar100', options: EnsureDatasetFileOptions = {}): Promise<string> {
  const spec = CIFAR_FILES[which];
  const target = join(dataRoot(options), spec.dir);
  if (spec.files.every((f) => existsSync(join(target, f)))) return target;
  const url = CIFAR_URLS[which];
  const archive = join(dataRoot(options), url.slice(url.lastIndexOf('/') + 1));
  await downloadFile(url, archive, { onProgress: options.onProgress, fetch: options.fetch });
  try {
    const entries = untar(gunzipOnce(await readFile(archive)), archive);
    for (const file of spec.files) {
      const entry = entries.find((e) => e.name === `${spec.dir}/${file}` || e.name.endsWith(`/${spec.dir}/${file}`));
      if (!entry) throw new DatasetError(`${archive}: ${spec.dir}/${file} is not in the archive`);
      parseCifarBatch(entry.data, spec.labelBytes, `${archive}:${entry.name}`);
      const dest = join(target, file);
      await mkdir(dirname(dest), { recursive: true });
      await writeFile(`${dest}.part-${process.pid}`, entry.data);
      await rename(`${dest}.part-${process.pid}`, dest);
    }
  } finally {
    await rm(archive, { force: true });
  }
  return target;
}

function findDir(name: string, probe: string, url: string, options: LoadCifarOptions): string {
  if (options.dir) return options.dir;
  for (const dir of candidateDirs({ name }, options)) if (existsSync(join(dir, probe))) return dir;
  throw new DatasetError(
    `${name}: ${probe} not found (looked in ${candidateDirs({ name }, options).join(', ')}). Download ${url} and extract it into ${dataRoot(options)}, or pass dir.`,
  );
}

function readBatch(path: string, labelBytes: 1 | 2): CifarBatch {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new DatasetError(`${path}: cannot read CIFAR batch (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  return parseCifarBatch(bytes, labelBytes, path);
}

function merge(batches: CifarBatch[]): CifarBatch {
  const images = new Uint8Array(batches.reduce((a, b) => a + b.images.length, 0));
  const labels = new Int32Array(batches.reduce((a, b) => a + b.labels.length, 0));
  let i = 0;
  let l = 0;
  for (const b of batches) {
    images.set(b.images, i);
    labels.set(b.labels, l);
    i += b.images.length;
    l += b.labels.length;
  }
  return { images, labels };
}

function toDataset(batch: CifarBatch): ArrayDataset {
  return ArrayDataset.fromStore(new TypedArrayStore(batch.images, [32, 32, 3]), batch.labels);
}
