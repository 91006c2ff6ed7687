import { Rng, parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import type { ArrayDataset } from './array-dataset.js';
import { splitOptionsSchema, trimSets } from './build-split-benchmark.js';
import { NORMALIZATION } from './dataset-catalog.js';
import { loadMnist, type LoadMnistOptions } from './load-mnist.js';
import { ncBenchmark, type NcScenario } from './nc-benchmark.js';
import { normalize } from './normalize.js';
import { permutePixels } from './permute-pixels.js';
import { rotate } from './rotate.js';
import type { SampleTransform } from './sample-transform.js';

const schema = splitOptionsSchema.pick({ nExperiences: true, returnTaskId: true, seed: true, trainTransform: true, evalTransform: true, trainSamplesPerClass: true, testSamplesPerClass: true });

/** Options of {@link permutedMNIST}. */
export type PermutedMnistOptions = z.input<typeof schema> & LoadMnistOptions;

/** Options of {@link rotatedMNIST}. */
export type RotatedMnistOptions = PermutedMnistOptions & {
  /** Angle in degrees of each experience; default: drawn from Rng(seed) in [-180, 180]. */
  readonly rotationsList?: readonly number[];
};

/**
 * PermutedMNIST (Goodfellow et al., 2013; Avalanche's `PermutedMNIST`): every experience holds all of
 * MNIST with its own fixed pixel permutation, drawn from Rng(seed), installed as a frozen transform
 * (it runs before Normalize(0.1307, 0.3081)). Domain-incremental: classes 0..9 in every experience.
 */
export async function permutedMNIST(options: PermutedMnistOptions = {}): Promise<NcScenario> {
  const opts = parseWithSchema(schema, pickKeys(options, schema), 'permutedMNISTOptions');
  const n = opts.nExperiences ?? 10;
  const rng = new Rng(opts.seed);
  const frozen = Array.from({ length: n }, () => permutePixels(rng.permutation(784)));
  return perExperienceMnist(options, opts, frozen, 'PermutedMNIST');
}

/**
 * RotatedMNIST (Avalanche's `RotatedMNIST`): every experience holds all of MNIST rotated by its own angle
 * (`rotationsList[i]`, else an integer drawn from Rng(seed) in [-180, 180]), a frozen transform before
 * Normalize. Domain-incremental.
 */
export async function rotatedMNIST(options: RotatedMnistOptions = {}): Promise<NcScenario> {
  const opts = parseWithSchema(schema, pickKeys(options, schema), 'rotatedMNISTOptions');
  const n = opts.nExperiences ?? options.rotationsList?.length ?? 10;
  const rotations = options.rotationsList ? parseWithSchema(z.array(z.number().finite()).length(n), [...options.rotationsList], 'rotatedMNISTOptions.rotationsList') : undefined;
  const rng = new Rng(opts.seed);
  const angles = rotations ?? Array.from({ length: n }, () => rng.int(361) - 180);
  return perExperienceMnist(options, opts, angles.map((a) => rotate(a)), `RotatedMNIST [${angles.join(', ')}]`);
}

async function perExperienceMnist(
  options: LoadMnistOptions,
  opts: z.infer<typeof schema>,
  frozen: SampleTransform[],
  title: string,
): Promise<NcScenario> {
  const sets = await loadMnist(options);
  const [train, test] = trimSets(sets.train, sets.test, opts);
  const norm = [normalize(NORMALIZATION.mnist.mean, NORMALIZATION.mnist.std)];
  const withFrozen = (d: ArrayDataset) => frozen.map((t) => d.withFrozenTransforms([t]));
  return ncBenchmark(withFrozen(train), withFrozen(test), {
    nExperiences: frozen.length,
    taskLabels: opts.returnTaskId,
    shuffle: false,
    seed: opts.seed,
    oneDatasetPerExp: true,
    classIdsFromZeroInEachExp: true,
    trainTransform: [...(opts.trainTransform ?? norm)],
    evalTransform: [...(opts.evalTransform ?? norm)],
    name: `${title.split(' ')[0]} (${sets.dataName})`,
    description: `${title} on ${sets.dataName}, ${frozen.length} experiences`,
  });
}

function pickKeys(options: object, s: z.AnyZodObject): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([k]) => k in s.shape));
}
