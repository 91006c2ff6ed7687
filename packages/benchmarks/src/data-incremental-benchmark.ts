import {
  ListStream,
  Rng,
  createScenario,
  parseWithSchema,
  type ClassificationDataset,
  type Experience,
  type Scenario,
  type Stream,
} from '@avalanche-ts/core';
import { z } from 'zod';
import { classesTimeline } from './classes-timeline.js';
import { makeExperience } from './make-experience.js';

const schema = z
  .object({
    shuffle: z.boolean().default(false),
    seed: z.number().finite().default(0),
    splitStreams: z.array(z.string()).min(1).default(['train']),
    customSplitStrategy: z.function().optional(),
  })
  .strict();

/** Options of {@link dataIncrementalBenchmark}. */
export interface DataIncrementalBenchmarkOptions {
  /** Shuffle each experience (from `seed`) before cutting it (default false). */
  readonly shuffle?: boolean;
  readonly seed?: number;
  /** Streams to split (default ['train']); the others are kept. */
  readonly splitStreams?: readonly string[];
  /** Replaces the default split: returns the datasets an experience becomes. */
  readonly customSplitStrategy?: (experience: Experience) => ClassificationDataset[];
}

/**
 * Data-incremental benchmark (Avalanche's `data_incremental_benchmark`): each experience of the chosen
 * streams is cut, eagerly, into chunks of `experienceSize` samples (the last may be smaller); chunks keep
 * their origin's task labels and get a fresh class timeline.
 */
export function dataIncrementalBenchmark(scenario: Scenario, experienceSize: number, options: DataIncrementalBenchmarkOptions = {}): Scenario {
  const size = parseWithSchema(z.number().int().positive(), experienceSize, 'dataIncrementalBenchmark.experienceSize');
  const opts = parseWithSchema(schema, { ...options, splitStreams: options.splitStreams ? [...options.splitStreams] : undefined }, 'dataIncrementalBenchmarkOptions');
  const streams: Record<string, Stream> = { ...scenario.streams };
  for (const name of opts.splitStreams) {
    const stream = scenario.streams[name];
    if (!stream) continue;
    const chunks: { dataset: ClassificationDataset; origin: Experience }[] = [];
    for (const exp of stream) {
      if (options.customSplitStrategy) {
        for (const d of options.customSplitStrategy(exp)) chunks.push({ dataset: d, origin: exp });
        continue;
      }
      const n = exp.dataset.length;
      const order = opts.shuffle ? new Rng(opts.seed * 1000003 + exp.currentExperience).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
      for (let at = 0; at < n; at += size) chunks.push({ dataset: exp.dataset.subset(order.subarray(at, Math.min(n, at + size))), origin: exp });
    }
    const timeline = classesTimeline(chunks.map((c) => [...new Set(c.dataset.targets)]));
    streams[name] = ListStream.fromArray(
      name,
      chunks.map((c, i) => makeExperience({ dataset: c.dataset, streamName: name, currentExperience: i, timeline: timeline[i], benchmark: c.origin.benchmark })),
    );
  }
  return createScenario({ name: `${scenario.name} (data-incremental, ${size} per experience)`, description: scenario.description, streams, nClasses: scenario.nClasses, classesOrder: scenario.classesOrder });
}
