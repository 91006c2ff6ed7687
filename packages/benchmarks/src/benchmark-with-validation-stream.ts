import {
  ListStream,
  createScenario,
  isSizedStream,
  parseWithSchema,
  type ClassificationDataset,
  type Experience,
  type Scenario,
  type Stream,
} from '@avalanche-ts/core';
import { z } from 'zod';
import { classesTimeline } from './classes-timeline.js';
import { lazyStream } from './lazy-stream.js';
import { makeExperience } from './make-experience.js';
import { splitValidationClassBalanced, splitValidationRandom, type TrainValidSplit } from './validation-split.js';

const schema = z
  .object({
    validationSize: z.number().nonnegative().default(0.5),
    shuffle: z.boolean().default(false),
    seed: z.number().finite().default(0),
    splitStrategy: z.union([z.enum(['random', 'classBalanced']), z.function()]).default('random'),
  })
  .strict();

/** Options of {@link benchmarkWithValidationStream}. */
export interface BenchmarkWithValidationStreamOptions {
  /** Fraction (< 1) or count of each train experience held out (default 0.5). */
  readonly validationSize?: number;
  /** Random split only: pick the held-out samples at random (default false: the last ones). */
  readonly shuffle?: boolean;
  readonly seed?: number;
  /** 'random' (default), 'classBalanced', or a function that splits one experience's dataset. */
  readonly splitStrategy?: 'random' | 'classBalanced' | ((dataset: ClassificationDataset, experience: Experience) => TrainValidSplit);
}

/**
 * A copy of `scenario` whose train experiences are cut into a `train` and a `valid` stream (Avalanche's
 * `benchmark_with_validation_stream`); other streams are kept as they are. With a sized train stream the
 * new experiences get the class timeline; a lazy train stream stays lazy (each experience is split
 * when reached). Experience e of `valid` comes from experience e of the original train stream.
 */
export function benchmarkWithValidationStream<E extends Experience>(scenario: Scenario<E>, options: BenchmarkWithValidationStreamOptions = {}): Scenario<Experience> {
  const opts = parseWithSchema(schema, options, 'benchmarkWithValidationStreamOptions');
  const strategy = options.splitStrategy ?? 'random';
  const seeds = (i: number) => opts.seed * 1000003 + i;
  const split = (exp: Experience): TrainValidSplit => {
    if (typeof strategy === 'function') return strategy(exp.dataset, exp);
    if (strategy === 'classBalanced') return splitValidationClassBalanced(exp.dataset, opts.validationSize, { seed: seeds(exp.currentExperience) });
    return splitValidationRandom(exp.dataset, opts.validationSize, { shuffle: opts.shuffle, seed: seeds(exp.currentExperience) });
  };
  const original = scenario.trainStream;
  let train: Stream<Experience>;
  let valid: Stream<Experience>;
  if (isSizedStream(original)) {
    const parts = new Map<number, TrainValidSplit>();
    const partAt = (i: number) => {
      let p = parts.get(i);
      if (!p) {
        p = split(original.at(i));
        parts.set(i, p);
      }
      return p;
    };
    const build = (name: 'train' | 'valid') => {
      let timeline: ReturnType<typeof classesTimeline> | undefined;
      return new ListStream<Experience>(name, original.length, (i) => {
        timeline ??= classesTimeline(Array.from({ length: original.length }, (_, k) => classesOfDataset(partAt(k)[name])));
        const src = original.at(i);
        return makeExperience({ dataset: partAt(i)[name], streamName: name, currentExperience: src.currentExperience, timeline: timeline[i], benchmark: src.benchmark });
      });
    };
    train = build('train');
    valid = build('valid');
  } else {
    // Lazy input: split each experience when first reached; both streams share the memoised splits.
    const memo: { exp: Experience; parts: TrainValidSplit }[] = [];
    const source = original[Symbol.iterator]();
    const get = (i: number) => {
      while (memo.length <= i) {
        const next = source.next();
        if (next.done) return undefined;
        memo.push({ exp: next.value, parts: split(next.value) });
      }
      return memo[i];
    };
    const view = (name: 'train' | 'valid') =>
      lazyStream<Experience>(name, function* () {
        for (let i = 0; ; i++) {
          const m = get(i);
          if (!m) return;
          yield makeExperience({ dataset: m.parts[name], streamName: name, currentExperience: m.exp.currentExperience, benchmark: m.exp.benchmark });
        }
      });
    train = view('train');
    valid = view('valid');
  }
  const streams: Record<string, Stream<Experience>> = { ...(scenario.streams as Record<string, Stream<Experience>>), train, valid };
  return createScenario({ name: scenario.name, description: scenario.description, streams, nClasses: scenario.nClasses, classesOrder: scenario.classesOrder });
}

function classesOfDataset(d: ClassificationDataset): number[] {
  return [...new Set(d.targets)].sort((a, b) => a - b);
}
