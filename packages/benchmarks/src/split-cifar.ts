import { Rng, ValidationError } from '@avalanche-ts/core';
import { buildSplitBenchmark, parseSplitOptions, type SplitOptions } from './build-split-benchmark.js';
import { NORMALIZATION } from './dataset-catalog.js';
import { loadCifar10, loadCifar100, type LoadCifarOptions } from './load-cifar.js';
import type { TrainTestSets } from './load-mnist.js';
import type { NcScenario } from './nc-benchmark.js';
import { normalize } from './normalize.js';
import { randomCrop } from './random-crop.js';
import { randomHorizontalFlip } from './random-horizontal-flip.js';

/** Options of {@link splitCIFAR10} and {@link splitCIFAR100}. */
export type SplitCifarOptions = SplitOptions &
  LoadCifarOptions & {
    /** Half the classes in the first experience (Avalanche's first_exp_with_half_classes). */
    readonly firstExpWithHalfClasses?: boolean;
    /** Train and test sets to use instead of reading files (e.g. already loaded). */
    readonly sets?: TrainTestSets;
  };

const cifarTransforms = (stats: { mean: readonly number[]; std: readonly number[] }) => ({
  trainTransform: [randomCrop({ padding: 4 }), randomHorizontalFlip(), normalize(stats.mean, stats.std)],
  evalTransform: [normalize(stats.mean, stats.std)],
});

/**
 * SplitCIFAR10 (Avalanche's `SplitCIFAR10`): 10 classes over `nExperiences` (default 5). Train:
 * RandomCrop(32, padding 4), RandomHorizontalFlip, Normalize(CIFAR-10 stats); eval: Normalize.
 */
export async function splitCIFAR10(options: SplitCifarOptions = {}): Promise<NcScenario> {
  const opts = parseSplitOptions(options, 'splitCIFAR10Options');
  const sets = options.sets ?? (await loadCifar10(options));
  return buildSplitBenchmark(sets.train, sets.test, opts, {
    nExperiences: 5,
    ...cifarTransforms(NORMALIZATION.cifar10),
    perExpClasses: options.firstExpWithHalfClasses ? { 0: 5 } : undefined,
    name: `SplitCIFAR10 (${sets.dataName})`,
    description: `SplitCIFAR10 on ${sets.dataName}: ${sets.train.length} train / ${sets.test.length} test images`,
  });
}

/** SplitCIFAR100 (Avalanche's `SplitCIFAR100`): 100 classes over `nExperiences` (default 10), CIFAR-100 stats. */
export async function splitCIFAR100(options: SplitCifarOptions = {}): Promise<NcScenario> {
  const opts = parseSplitOptions(options, 'splitCIFAR100Options');
  const sets = options.sets ?? (await loadCifar100(options));
  return buildSplitBenchmark(sets.train, sets.test, opts, {
    nExperiences: 10,
    ...cifarTransforms(NORMALIZATION.cifar100),
    perExpClasses: options.firstExpWithHalfClasses ? { 0: 50 } : undefined,
    name: `SplitCIFAR100 (${sets.dataName})`,
    description: `SplitCIFAR100 on ${sets.dataName}: ${sets.train.length} train / ${sets.test.length} test images`,
  });
}

/** Options of {@link splitCIFAR110}. */
export type SplitCifar110Options = Omit<SplitCifarOptions, 'sets' | 'dir' | 'firstExpWithHalfClasses'> & {
  readonly cifar10Dir?: string;
  readonly cifar100Dir?: string;
  readonly cifar10Sets?: TrainTestSets;
  readonly cifar100Sets?: TrainTestSets;
};

/**
 * SplitCIFAR110 (Avalanche's `SplitCIFAR110`): CIFAR-10 is the first experience (classes 0-9), CIFAR-100's
 * classes become 10-109 over the remaining `nExperiences - 1` (default 11 in total). The first experience
 * stays first whatever the seed: only CIFAR-100's classes are shuffled. CIFAR-100 normalisation.
 */
export async function splitCIFAR110(options: SplitCifar110Options = {}): Promise<NcScenario> {
  const opts = parseSplitOptions(options, 'splitCIFAR110Options');
  const c10 = options.cifar10Sets ?? (await loadCifar10({ ...options, dir: options.cifar10Dir }));
  const c100 = options.cifar100Sets ?? (await loadCifar100({ ...options, dir: options.cifar100Dir }));
  const shift = (d: TrainTestSets['train']) => d.withTargets(Int32Array.from(d.targets, (t) => t + 10));
  const train = c10.train.concat(shift(c100.train));
  const test = c10.test.concat(shift(c100.test));
  const n = opts.nExperiences ?? 11;
  if (n < 2) throw new ValidationError(`splitCIFAR110Options.nExperiences must be at least 2, got ${n}`);
  let order = opts.fixedClassOrder;
  if (!order) {
    // Avalanche keeps CIFAR-10 first and shuffles only the CIFAR-100 part.
    const rest = opts.shuffle ? [...new Rng(opts.seed).permutation(100)].map((i) => i + 10) : Array.from({ length: 100 }, (_, i) => i + 10);
    order = [...Array.from({ length: 10 }, (_, i) => i), ...rest];
  }
  return buildSplitBenchmark(train, test, { ...opts, fixedClassOrder: order, nExperiences: n }, {
    nExperiences: n,
    ...cifarTransforms(NORMALIZATION.cifar100),
    perExpClasses: { 0: 10 },
    name: `SplitCIFAR110 (${c10.dataName} + ${c100.dataName})`,
    description: `SplitCIFAR110: ${c10.dataName} as the first experience, then ${c100.dataName} classes 10-109`,
  });
}
