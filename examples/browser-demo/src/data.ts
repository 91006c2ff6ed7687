import { ArrayDataset, NORMALIZATION, TypedArrayStore, ncBenchmark, normalize, takePerClass, type NcScenario } from '@avalanche-ts/benchmarks';

/** The static assets written by scripts/make-assets.ts: one byte per pixel (28x28) and per label. */
export interface DemoData {
  readonly source: string;
  readonly trainImages: Uint8Array;
  readonly trainLabels: Uint8Array;
  readonly testImages: Uint8Array;
  readonly testLabels: Uint8Array;
}

export const PIXELS = 28 * 28;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot fetch ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Fetches MNIST-10k (train) and the MNIST test set from `<base>data/`. */
export async function loadDemoData(base: string): Promise<DemoData> {
  const dir = `${base}data/`;
  const manifest = (await (await fetch(`${dir}manifest.json`)).json()) as { source: string; train: number; test: number };
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    ['train-images.u8', 'train-labels.u8', 'test-images.u8', 'test-labels.u8'].map((f) => fetchBytes(dir + f)),
  );
  if (trainLabels.length !== manifest.train || testLabels.length !== manifest.test || trainImages.length !== manifest.train * PIXELS) {
    throw new Error(`data files do not match ${dir}manifest.json`);
  }
  return { source: manifest.source, trainImages, trainLabels, testImages, testLabels };
}

/** A dataset over 28x28x1 uint8 images (read as x / 255). */
export function datasetOf(images: Uint8Array, labels: ArrayLike<number>): ArrayDataset {
  return ArrayDataset.fromStore(new TypedArrayStore(images, [28, 28, 1]), labels);
}

/** MNIST's normalisation, as SplitMNIST applies it. */
export const mnistNormalize = () => normalize(NORMALIZATION.mnist.mean, NORMALIZATION.mnist.std);

/** Normalised float inputs of some test images, for predictions outside the benchmark's datasets. */
export function normalizedPixels(images: Uint8Array, indices: readonly number[]): Float32Array {
  const out = new Float32Array(indices.length * PIXELS);
  const [mean, std] = [NORMALIZATION.mnist.mean[0], NORMALIZATION.mnist.std[0]];
  indices.forEach((idx, k) => {
    for (let p = 0; p < PIXELS; p++) out[k * PIXELS + p] = (images[idx * PIXELS + p] / 255 - mean) / std;
  });
  return out;
}

export interface SplitSettings {
  readonly trainPerClass: number;
  readonly testPerClass: number;
  readonly seed: number;
}

/**
 * SplitMNIST on the demo's data, as `splitMNIST` of `@avalanche-ts/benchmarks/node` builds it: five
 * experiences of two classes, classes shuffled by `seed`, the first k samples of each class.
 */
export function splitMnist(data: DemoData, settings: SplitSettings): NcScenario {
  const train = datasetOf(data.trainImages, data.trainLabels);
  const test = datasetOf(data.testImages, data.testLabels);
  const norm = [mnistNormalize()];
  return ncBenchmark(train.subset(takePerClass(train, settings.trainPerClass)), test.subset(takePerClass(test, settings.testPerClass)), {
    nExperiences: 5,
    seed: settings.seed,
    trainTransform: norm,
    evalTransform: norm,
    name: 'SplitMNIST (browser)',
    description: `SplitMNIST on ${data.source}`,
  });
}
