import {
  ListStream,
  Rng,
  ValidationError,
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
    fixedClassOrder: z.array(z.number().int().nonnegative()).min(1).optional(),
    perExpClasses: z.record(z.string().regex(/^\d+$/), z.number().int().positive()).optional(),
    classIdsFromZeroFromFirstExp: z.boolean().default(false),
    classIdsFromZeroInEachExp: z.boolean().default(false),
    oneDatasetPerExp: z.boolean().default(false),
    trainTransform: transformList.optional(),
    evalTransform: transformList.optional(),
    name: z.string().default('ncBenchmark'),
    description: z.string().optional(),
  })
  .strict();

/** Options of {@link ncBenchmark} (Avalanche's `nc_benchmark`, camelCase). */
export type NcBenchmarkOptions = z.input<typeof schema>;

/** A class-incremental scenario with the facts Avalanche's NCScenario exposes. */
export interface NcScenario extends Scenario<Experience<ArrayDataset>> {
  readonly nClasses: number;
  /** Classes in the order experiences introduce them, in the (possibly remapped) ids the datasets carry. */
  readonly classesOrder: readonly number[];
  /** The same order in the original dataset ids. */
  readonly classesOrderOriginalIds: readonly number[];
  /** classMapping[originalId] = new id, -1 for classes not used. */
  readonly classMapping: readonly number[];
  readonly nClassesPerExp: readonly number[];
  /** Original class ids of each experience. */
  readonly originalClassesInExp: readonly (readonly number[])[];
  /** Classes (new ids) of each experience of each stream. */
  readonly classesInExperience: { readonly train: readonly (readonly number[])[]; readonly test: readonly (readonly number[])[] };
  readonly taskLabels: boolean;
  readonly seed: number;
}

/**
 * Class-incremental (or, with `taskLabels`, task-incremental) benchmark: the classes of `train` are
 * ordered (`fixedClassOrder`, else a permutation from `seed` when `shuffle`, else ascending) and cut into
 * `nExperiences` groups (`perExpClasses` fixes some sizes; the rest must divide evenly). Experience e holds
 * the train (and test) samples of its classes; with `taskLabels` its task label is e. Unlike Avalanche,
 * an absent seed means seed 0, so runs are reproducible by default.
 * With an array of datasets each one's classes are shifted after the previous ones'; with
 * `oneDatasetPerExp` each dataset is one experience (PermutedMNIST's construction).
 */
export function ncBenchmark(
  train: ClassificationDataset | readonly ClassificationDataset[],
  test: ClassificationDataset | readonly ClassificationDataset[],
  options: NcBenchmarkOptions,
): NcScenario {
  const opts = parseWithSchema(schema, options, 'ncBenchmarkOptions');
  if (opts.classIdsFromZeroFromFirstExp && opts.classIdsFromZeroInEachExp) {
    throw new ValidationError('ncBenchmarkOptions: classIdsFromZeroFromFirstExp and classIdsFromZeroInEachExp are mutually exclusive');
  }
  const trainList = Array.isArray(train) ? (train as ClassificationDataset[]) : [train as ClassificationDataset];
  const testList = Array.isArray(test) ? (test as ClassificationDataset[]) : [test as ClassificationDataset];
  if (trainList.length !== testList.length) {
    throw new ValidationError(`ncBenchmark: got ${trainList.length} train datasets but ${testList.length} test datasets`);
  }
  if (opts.oneDatasetPerExp && trainList.length !== opts.nExperiences) {
    throw new ValidationError(`ncBenchmarkOptions.nExperiences is ${opts.nExperiences} but oneDatasetPerExp got ${trainList.length} datasets`);
  }
  const rng = new Rng(opts.seed);
  const [trainAll, testAll, datasetClasses] = concatShifted(trainList, testList);
  const present = distinct(trainAll.targets);

  let order: number[];
  let perExp: number[];
  if (opts.oneDatasetPerExp) {
    const expOrder = opts.shuffle ? [...rng.permutation(trainList.length)] : trainList.map((_, i) => i);
    order = expOrder.flatMap((d) => datasetClasses[d]);
    perExp = expOrder.map((d) => datasetClasses[d].length);
  } else {
    if (opts.fixedClassOrder) {
      const missing = opts.fixedClassOrder.filter((c) => !present.includes(c));
      if (missing.length > 0) throw new ValidationError(`ncBenchmarkOptions.fixedClassOrder: classes [${missing.join(', ')}] are not in the train set (classes [${present.join(', ')}])`);
      if (new Set(opts.fixedClassOrder).size !== opts.fixedClassOrder.length) throw new ValidationError(`ncBenchmarkOptions.fixedClassOrder has duplicates: [${opts.fixedClassOrder.join(', ')}]`);
      order = [...opts.fixedClassOrder];
    } else if (opts.shuffle) {
      order = [...rng.permutation(present.length)].map((i) => present[i]);
    } else {
      order = present;
    }
    perExp = classesPerExperience(order.length, opts.nExperiences, opts.perExpClasses);
  }

  const expClassesOriginal: number[][] = [];
  let at = 0;
  for (const k of perExp) {
    expClassesOriginal.push(order.slice(at, at + k));
    at += k;
  }
  const maxId = Math.max(...present, ...distinct(testAll.targets), 0);
  const mapping = new Array<number>(maxId + 1).fill(-1);
  for (const classes of expClassesOriginal) {
    classes.forEach((c, j) => {
      mapping[c] = opts.classIdsFromZeroFromFirstExp ? order.indexOf(c) : opts.classIdsFromZeroInEachExp ? j : c;
    });
  }
  const expClasses = expClassesOriginal.map((cs) => cs.map((c) => mapping[c]));
  const classesOrderNew = order.map((c) => mapping[c]);
  const nClasses = new Set(classesOrderNew).size;

  const partition = (dataset: ArrayDataset, e: number): number[] => {
    const keep = new Set(expClassesOriginal[e]);
    const idx: number[] = [];
    for (let i = 0; i < dataset.length; i++) if (keep.has(dataset.targets[i])) idx.push(i);
    return idx;
  };
  const trainClassSets = expClasses.map((cs) => [...new Set(cs)].sort((a, b) => a - b));
  const testClassSets = expClassesOriginal.map((cs) => {
    const keep = new Set(cs);
    const found = new Set<number>();
    for (const t of testAll.targets) if (keep.has(t)) found.add(mapping[t]);
    return [...found].sort((a, b) => a - b);
  });
  const benchmark: BenchmarkInfo = { name: opts.name, nClasses, classesOrder: classesOrderNew, nClassesPerExp: perExp };

  const stream = (name: 'train' | 'test', source: ArrayDataset, classSets: number[][]) => {
    const timeline = classesTimeline(classSets);
    return new ListStream<Experience<ArrayDataset>>(name, perExp.length, (e) => {
      const idx = partition(source, e);
      let dataset = source.subset(idx);
      dataset = dataset.withTargets(Int32Array.from(dataset.targets, (t) => mapping[t])).withTaskLabels(opts.taskLabels ? e : 0);
      if (opts.trainTransform) dataset = dataset.withTransforms(opts.trainTransform, 'train');
      if (opts.evalTransform) dataset = dataset.withTransforms(opts.evalTransform, 'eval');
      dataset = name === 'train' ? dataset.train() : dataset.eval();
      return makeExperience({ dataset, streamName: name, currentExperience: e, timeline: timeline[e], benchmark });
    });
  };

  return {
    ...createScenario({
      name: opts.name,
      description: opts.description,
      streams: { train: stream('train', trainAll, trainClassSets), test: stream('test', testAll, testClassSets) },
      nClasses,
      classesOrder: classesOrderNew,
    }),
    nClasses,
    classesOrder: classesOrderNew,
    classesOrderOriginalIds: order,
    classMapping: mapping,
    nClassesPerExp: perExp,
    originalClassesInExp: expClassesOriginal,
    classesInExperience: { train: trainClassSets, test: testClassSets },
    taskLabels: opts.taskLabels,
    seed: opts.seed,
  };
}

/** Number of classes in each experience: fixed ones from `perExpClasses`, the rest split evenly. */
function classesPerExperience(nClasses: number, nExperiences: number, fixed?: Record<string, number>): number[] {
  const counts = new Array<number>(nExperiences).fill(-1);
  let assigned = 0;
  for (const [key, n] of Object.entries(fixed ?? {})) {
    const e = Number(key);
    if (e >= nExperiences) throw new ValidationError(`ncBenchmarkOptions.perExpClasses: experience ${e} does not exist (nExperiences is ${nExperiences})`);
    counts[e] = n;
    assigned += n;
  }
  const free = counts.filter((c) => c < 0).length;
  const rest = nClasses - assigned;
  if (rest < 0 || (free === 0 && rest !== 0) || (free > 0 && rest % free !== 0) || (free > 0 && rest === 0)) {
    throw new ValidationError(
      `ncBenchmarkOptions: ${nClasses} classes cannot be split into ${nExperiences} experiences` +
        (fixed ? ` with perExpClasses ${JSON.stringify(fixed)}` : ' evenly (nClasses must be divisible by nExperiences)'),
    );
  }
  return counts.map((c) => (c < 0 ? rest / free : c));
}

/** Concatenates datasets, shifting each one's class ids past the previous ones' (Avalanche's sequential concat). */
function concatShifted(trains: ClassificationDataset[], tests: ClassificationDataset[]): [ArrayDataset, ArrayDataset, number[][]] {
  const trainDs = trains.map((d) => ArrayDataset.from(d));
  const testDs = tests.map((d) => ArrayDataset.from(d));
  if (trainDs.length === 1) return [trainDs[0], testDs[0], [distinct(trainDs[0].targets)]];
  let offset = 0;
  const classes: number[][] = [];
  const shiftedTrain: ArrayDataset[] = [];
  const shiftedTest: ArrayDataset[] = [];
  for (let d = 0; d < trainDs.length; d++) {
    const own = distinct(trainDs[d].targets);
    const local = new Map(own.map((c, i) => [c, i]));
    const shift = (ds: ArrayDataset, field: string) =>
      ds.withTargets(
        Int32Array.from(ds.targets, (t) => {
          const i = local.get(t);
          if (i === undefined) throw new ValidationError(`ncBenchmark: ${field} dataset ${d} has class ${t}, absent from train dataset ${d}`);
          return offset + i;
        }),
      );
    shiftedTrain.push(shift(trainDs[d], 'train'));
    shiftedTest.push(shift(testDs[d], 'test'));
    classes.push(own.map((_, i) => offset + i));
    offset += own.length;
  }
  return [shiftedTrain[0].concat(...shiftedTrain.slice(1)), shiftedTest[0].concat(...shiftedTest.slice(1)), classes];
}

function distinct(values: ArrayLike<number>): number[] {
  return [...new Set(Array.from(values))].sort((a, b) => a - b);
}
