import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import type { ArrayDataset } from './array-dataset.js';
import { ncBenchmark, type NcScenario } from './nc-benchmark.js';
import type { SampleTransform } from './sample-transform.js';
import { takePerClass } from './take-per-class.js';

const transformList = z.array(z.custom<SampleTransform>((t) => typeof (t as SampleTransform)?.apply === 'function', 'a SampleTransform'));

/** Options every classic "Split" benchmark accepts (Avalanche's keyword arguments in camelCase). */
export const splitOptionsSchema = z.object({
  nExperiences: z.number().int().positive().optional(),
  returnTaskId: z.boolean().default(false),
  seed: z.number().finite().default(0),
  fixedClassOrder: z.array(z.number().int().nonnegative()).optional(),
  shuffle: z.boolean().default(true),
  classIdsFromZeroInEachExp: z.boolean().default(false),
  classIdsFromZeroFromFirstExp: z.boolean().default(false),
  trainTransform: transformList.optional(),
  evalTransform: transformList.optional(),
  /** Keep only the first k train samples of each class (small, fast runs). */
  trainSamplesPerClass: z.number().int().positive().optional(),
  /** Keep only the first k test samples of each class. */
  testSamplesPerClass: z.number().int().positive().optional(),
});

export type SplitOptions = z.input<typeof splitOptionsSchema>;

/** Parses the shared options of a Split benchmark, leaving the loader's own options untouched. */
export function parseSplitOptions(options: object, where: string): z.infer<typeof splitOptionsSchema> {
  const picked = Object.fromEntries(Object.entries(options).filter(([k]) => k in splitOptionsSchema.shape));
  return parseWithSchema(splitOptionsSchema, picked, where);
}

/** Trims train/test to k samples per class when asked. */
export function trimSets(train: ArrayDataset, test: ArrayDataset, opts: { trainSamplesPerClass?: number; testSamplesPerClass?: number }): [ArrayDataset, ArrayDataset] {
  return [
    opts.trainSamplesPerClass ? train.subset(takePerClass(train, opts.trainSamplesPerClass)) : train,
    opts.testSamplesPerClass ? test.subset(takePerClass(test, opts.testSamplesPerClass)) : test,
  ];
}

/** Builds a class-split benchmark with its default transforms on the given sets (the classic factories' common core). */
export function buildSplitBenchmark(
  train: ArrayDataset,
  test: ArrayDataset,
  opts: z.infer<typeof splitOptionsSchema>,
  defaults: { nExperiences: number; trainTransform: readonly SampleTransform[]; evalTransform: readonly SampleTransform[]; name: string; description: string; perExpClasses?: Record<string, number> },
): NcScenario {
  const [tr, te] = trimSets(train, test, opts);
  return ncBenchmark(tr, te, {
    nExperiences: opts.nExperiences ?? defaults.nExperiences,
    taskLabels: opts.returnTaskId,
    seed: opts.seed,
    fixedClassOrder: opts.fixedClassOrder,
    shuffle: opts.shuffle,
    perExpClasses: defaults.perExpClasses,
    classIdsFromZeroInEachExp: opts.classIdsFromZeroInEachExp,
    classIdsFromZeroFromFirstExp: opts.classIdsFromZeroFromFirstExp,
    trainTransform: [...(opts.trainTransform ?? defaults.trainTransform)],
    evalTransform: [...(opts.evalTransform ?? defaults.evalTransform)],
    name: defaults.name,
    description: defaults.description,
  });
}
