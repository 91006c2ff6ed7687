import {
  ListStream,
  Rng,
  ValidationError,
  classesOf,
  createScenario,
  parseWithSchema,
  type BenchmarkInfo,
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
    nExperiences: z.number().int().positive(),
    taskLabels: z.boolean().default(false),
    shuffle: z.boolean().default(true),
    seed: z.number().finite().default(0),
    balanceExperiences: z.boolean().default(false),
    minClassPatternsInExp: z.number().int().nonnegative().default(0),
    fixedExpAssignment: z.array(z.array(z.number().int().nonnegative())).optional(),
    trainTransform: transformList.optional(),
    evalTransform: transformList.optional(),
    name: z.string().default('niBenchmark'),
    description: z.string().optional(),
  })
  .strict();

/** Options of {@link niBenchmark} (Avalanche's `ni_benchmark`, camelCase). */
export type NiBenchmarkOptions = z.input<typeof schema>;

/** A new-instances scenario: `assignment[e]` lists the train indices of experience e. */
export interface NiScenario extends Scenario<Experience<ArrayDataset>> {
  readonly nClasses: number;
  readonly assignment: readonly Int32Array[];
  readonly seed: number;
}

/**
 * New-instances (domain-incremental) benchmark: the train samples are split into `nExperiences`
 * experiences that share the label space; the test stream is one experience with the whole test set.
 * - `fixedExpAssignment`: the train indices of each experience, used as given.
 * - `balanceExperiences`: every class is spread evenly (its leftover samples go one each to the
 *   experiences that hold fewest samples so far).
 * - otherwise: each experience first gets `minClassPatternsInExp` samples of every class, then the
 *   remaining samples fill experiences to equal sizes (the first `n % nExperiences` get one more).
 * Sample order comes from `seed` when `shuffle` (default seed 0).
 */
export function niBenchmark(train: ClassificationDataset, test: ClassificationDataset, options: NiBenchmarkOptions): NiScenario {
  const opts = parseWithSchema(schema, options, 'niBenchmarkOptions');
  const trainDs = ArrayDataset.from(train);
  const testDs = ArrayDataset.from(test);
  const E = opts.nExperiences;
  const n = trainDs.length;
  const rng = new Rng(opts.seed);
  const order = opts.shuffle ? rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);

  let assignment: number[][];
  if (opts.fixedExpAssignment) {
    if (opts.fixedExpAssignment.length !== E) {
      throw new ValidationError(`niBenchmarkOptions.fixedExpAssignment has ${opts.fixedExpAssignment.length} experiences, nExperiences is ${E}`);
    }
    for (const [e, list] of opts.fixedExpAssignment.entries()) {
      const bad = list.find((i) => i >= n);
      if (bad !== undefined) throw new ValidationError(`niBenchmarkOptions.fixedExpAssignment[${e}] has index ${bad}; the train set has ${n} samples`);
    }
    assignment = opts.fixedExpAssignment.map((l) => [...l]);
  } else {
    const byClass = new Map<number, number[]>();
    for (const i of order) {
      const c = trainDs.targets[i];
      if (!byClass.has(c)) byClass.set(c, []);
      byClass.get(c)!.push(i);
    }
    const classes = [...byClass.keys()].sort((a, b) => a - b);
    assignment = Array.from({ length: E }, () => []);
    if (opts.balanceExperiences) {
      for (const c of classes) {
        const items = byClass.get(c)!;
        const per = Math.floor(items.length / E);
        for (let e = 0; e < E; e++) assignment[e].push(...items.slice(e * per, (e + 1) * per));
        for (const i of items.slice(E * per)) {
          let smallest = 0;
          for (let e = 1; e < E; e++) if (assignment[e].length < assignment[smallest].length) smallest = e;
          assignment[smallest].push(i);
        }
      }
    } else {
      const leftovers: number[] = [];
      for (const c of classes) {
        const items = byClass.get(c)!;
        if (items.length < opts.minClassPatternsInExp * E) {
          throw new ValidationError(
            `niBenchmarkOptions.minClassPatternsInExp is ${opts.minClassPatternsInExp} but class ${c} has ${items.length} samples for ${E} experiences`,
          );
        }
        const m = opts.minClassPatternsInExp;
        for (let e = 0; e < E; e++) assignment[e].push(...items.slice(e * m, (e + 1) * m));
        leftovers.push(...items.slice(E * m));
      }
      // Leftovers keep the shuffled order of `order`, so experiences get a random mix of classes.
      const rank = new Int32Array(n);
      order.forEach((i, r) => (rank[i] = r));
      leftovers.sort((a, b) => rank[a] - rank[b]);
      const sizes = Array.from({ length: E }, (_, e) => Math.floor(n / E) + (e < n % E ? 1 : 0));
      let at = 0;
      for (let e = 0; e < E; e++) {
        const need = sizes[e] - assignment[e].length;
        if (need > 0) {
          assignment[e].push(...leftovers.slice(at, at + need));
          at += need;
        }
      }
      for (; at < leftovers.length; at++) assignment[at % E].push(leftovers[at]);
    }
    // Keep each experience in dataset order, as Avalanche's subsets do.
    for (const list of assignment) list.sort((a, b) => a - b);
  }

  const assigned = assignment.map((l) => Int32Array.from(l));
  const nClasses = classesOf(trainDs).length;
  const trainClassSets = assigned.map((idx) => classesOf({ targets: Int32Array.from(idx, (i) => trainDs.targets[i]) }));
  const timeline = classesTimeline(trainClassSets);
  const allClasses = classesOf(trainDs);
  const benchmark: BenchmarkInfo = { name: opts.name, nClasses, classesOrder: allClasses, nClassesPerExp: trainClassSets.map((c) => c.length) };
  const withTransforms = (d: ArrayDataset) => {
    let out = d;
    if (opts.trainTransform) out = out.withTransforms(opts.trainTransform, 'train');
    if (opts.evalTransform) out = out.withTransforms(opts.evalTransform, 'eval');
    return out;
  };
  const trainStream = new ListStream<Experience<ArrayDataset>>('train', E, (e) =>
    makeExperience({
      dataset: withTransforms(trainDs.subset(assigned[e]).withTaskLabels(opts.taskLabels ? e : 0)).train(),
      streamName: 'train',
      currentExperience: e,
      timeline: timeline[e],
      benchmark,
    }),
  );
  const testStream = new ListStream<Experience<ArrayDataset>>('test', 1, () => {
    const dataset = withTransforms(testDs.withTaskLabels(0)).eval();
    const classes = classesOf(dataset);
    return makeExperience({
      dataset,
      streamName: 'test',
      currentExperience: 0,
      timeline: { classesInThisExperience: classes, previousClasses: [], classesSeenSoFar: classes, futureClasses: [] },
      benchmark,
    });
  });
  return {
    ...createScenario({ name: opts.name, description: opts.description, streams: { train: trainStream, test: testStream }, nClasses, classesOrder: allClasses }),
    nClasses,
    assignment: assigned,
    seed: opts.seed,
  };
}
