import {
  ListStream,
  ValidationError,
  createScenario,
  parseWithSchema,
  type ClassificationDataset,
  type Experience,
  type Scenario,
} from '@avalanche-ts/core';
import { z } from 'zod';
import { ArrayDataset } from './array-dataset.js';
import { classesTimeline } from './classes-timeline.js';
import { makeExperience } from './make-experience.js';
import type { SampleTransform } from './sample-transform.js';

const transformList = z.array(z.custom<SampleTransform>((t) => typeof (t as SampleTransform)?.apply === 'function', 'a SampleTransform'));

const schema = z
  .object({
    otherStreams: z.record(z.string().regex(/^[A-Za-z][\w-]*$/), z.array(z.any())).optional(),
    completeTestSetOnly: z.boolean().default(false),
    taskLabels: z.array(z.number().int().nonnegative()).optional(),
    trainTransform: transformList.optional(),
    evalTransform: transformList.optional(),
    name: z.string().default('datasetBenchmark'),
    description: z.string().optional(),
  })
  .strict();

/** Options of {@link datasetBenchmark}. */
export interface DatasetBenchmarkOptions {
  /** More named streams (e.g. { valid: [...] }), one dataset per experience, in eval mode. */
  readonly otherStreams?: Readonly<Record<string, readonly ClassificationDataset[]>>;
  /** Concatenate the test datasets into a single test experience (default false). */
  readonly completeTestSetOnly?: boolean;
  /** Task label of each train experience (and of the matching test experience); default: keep the datasets' own. */
  readonly taskLabels?: readonly number[];
  readonly trainTransform?: readonly SampleTransform[];
  readonly evalTransform?: readonly SampleTransform[];
  readonly name?: string;
  readonly description?: string;
}

/**
 * A benchmark with one experience per dataset (Avalanche's `dataset_benchmark`): train experiences in
 * 'train' mode, test and other streams in 'eval' mode, each stream with its class timeline. Any
 * ClassificationDataset works; transforms given here replace the datasets' groups.
 */
export function datasetBenchmark(
  trainDatasets: readonly ClassificationDataset[],
  testDatasets: readonly ClassificationDataset[],
  options: DatasetBenchmarkOptions = {},
): Scenario<Experience<ArrayDataset>> {
  const opts = parseWithSchema(schema, { ...options, taskLabels: options.taskLabels ? [...options.taskLabels] : undefined, otherStreams: options.otherStreams as never }, 'datasetBenchmarkOptions');
  if (opts.taskLabels && opts.taskLabels.length !== trainDatasets.length) {
    throw new ValidationError(`datasetBenchmarkOptions.taskLabels has ${opts.taskLabels.length} entries for ${trainDatasets.length} train datasets`);
  }
  if (trainDatasets.length === 0) throw new ValidationError('datasetBenchmark needs at least one train dataset');
  const prepare = (d: ClassificationDataset, task: number | undefined, mode: 'train' | 'eval'): ArrayDataset => {
    let out = ArrayDataset.from(d);
    if (task !== undefined) out = out.withTaskLabels(task);
    if (opts.trainTransform) out = out.withTransforms(opts.trainTransform, 'train');
    if (opts.evalTransform) out = out.withTransforms(opts.evalTransform, 'eval');
    return mode === 'train' ? out.train() : out.eval();
  };
  const toStream = (name: string, datasets: ArrayDataset[]) => {
    const timeline = classesTimeline(datasets.map((d) => [...new Set(d.targets)]));
    return ListStream.fromArray(
      name,
      datasets.map((dataset, i) => makeExperience({ dataset, streamName: name, currentExperience: i, timeline: timeline[i] })),
    );
  };
  const train = trainDatasets.map((d, i) => prepare(d, opts.taskLabels?.[i], 'train'));
  let test = testDatasets.map((d, i) => prepare(d, opts.taskLabels?.[i], 'eval'));
  if (opts.completeTestSetOnly && test.length > 1) test = [test[0].concat(...test.slice(1))];
  const streams: Record<string, ListStream<Experience<ArrayDataset>>> = { train: toStream('train', train), test: toStream('test', test) };
  for (const [name, list] of Object.entries(options.otherStreams ?? {})) {
    if (name === 'train' || name === 'test') throw new ValidationError(`datasetBenchmarkOptions.otherStreams: "${name}" is reserved`);
    streams[name] = toStream(name, list.map((d) => prepare(d, undefined, 'eval')));
  }
  const classes = [...new Set(train.flatMap((d) => [...new Set(d.targets)]))].sort((a, b) => a - b);
  return createScenario({ name: opts.name, description: opts.description, streams, nClasses: classes.length });
}
