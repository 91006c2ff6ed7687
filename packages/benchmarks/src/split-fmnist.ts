import { buildSplitBenchmark, parseSplitOptions, type SplitOptions } from './build-split-benchmark.js';
import { NORMALIZATION } from './dataset-catalog.js';
import type { EnsureDatasetFileOptions } from './ensure-dataset-file.js';
import { loadFashionMnist, type TrainTestSets } from './load-mnist.js';
import type { NcScenario } from './nc-benchmark.js';
import { normalize } from './normalize.js';

/** Options of {@link splitFMNIST}. */
export type SplitFmnistOptions = SplitOptions &
  EnsureDatasetFileOptions & {
    /** Put 5 classes in the first experience and split the rest (Avalanche's first_batch_with_half_classes). */
    readonly firstBatchWithHalfClasses?: boolean;
    /** Already loaded sets to use instead of reading the files (see loadFashionMnist). */
    readonly sets?: TrainTestSets;
  };

/**
 * SplitFMNIST (Avalanche's `SplitFMNIST`): Fashion-MNIST's 10 classes over `nExperiences` (default 10)
 * experiences; x/255 then Normalize(0.2860, 0.3530). Reads Debian's dataset-fashion-mnist files when
 * installed, else the data root (or downloads with `download: true`).
 */
export async function splitFMNIST(options: SplitFmnistOptions = {}): Promise<NcScenario> {
  const opts = parseSplitOptions(options, 'splitFMNISTOptions');
  const sets = options.sets ?? (await loadFashionMnist(options));
  const norm = [normalize(NORMALIZATION.fashionMnist.mean, NORMALIZATION.fashionMnist.std)];
  return buildSplitBenchmark(sets.train, sets.test, opts, {
    nExperiences: 10,
    trainTransform: norm,
    evalTransform: norm,
    perExpClasses: options.firstBatchWithHalfClasses ? { 0: 5 } : undefined,
    name: `SplitFMNIST (${sets.dataName})`,
    description: `SplitFMNIST on ${sets.dataName}: ${sets.train.length} train / ${sets.test.length} test images`,
  });
}
