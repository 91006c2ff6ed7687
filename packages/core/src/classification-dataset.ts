import type { Minibatch } from './minibatch.js';
import type { Rng } from './rng.js';

/** Transform groups every dataset has; custom groups are allowed by name. */
export type TransformGroupName = 'train' | 'eval' | (string & {});

export interface GetBatchOptions {
  /** Source of randomness for random transforms (crop, flip); the same state gives the same batch. */
  readonly rng?: Rng;
}

/**
 * A classification dataset: inputs, integer class targets and task labels per sample, plus optional
 * extra per-sample attributes. Implementations keep the data in typed arrays and build tensors only
 * when a minibatch is requested; `subset` and `concat` are index views that never copy input data.
 */
export interface ClassificationDataset {
  /** Number of samples. */
  readonly length: number;
  /** Shape of one input sample after transforms, e.g. [28, 28, 1] (height, width, channels). */
  readonly sampleShape: readonly number[];
  /** Class target of every sample. */
  readonly targets: Int32Array;
  /** Task label of every sample. */
  readonly taskLabels: Int32Array;
  /** The transform group in use ('train' by default). */
  readonly transformGroup: TransformGroupName;

  /** Builds one minibatch from sample indices (one tensor per field), applying the current transform group. */
  getBatch(indices: ArrayLike<number>, options?: GetBatchOptions): Minibatch;
  /** A view of the samples at `indices`, in that order (duplicates allowed), sharing the input data. */
  subset(indices: ArrayLike<number>): ClassificationDataset;
  /** A view of this dataset followed by `others` (same sample shape), sharing their input data. */
  concat(...others: ClassificationDataset[]): ClassificationDataset;
  /** The same samples with the named transform group active. */
  withTransformGroup(group: TransformGroupName): ClassificationDataset;
  /** Shorthand for `withTransformGroup('train')`. */
  train(): ClassificationDataset;
  /** Shorthand for `withTransformGroup('eval')`. */
  eval(): ClassificationDataset;
  /** An extra per-sample attribute by name (e.g. 'logits'), or undefined when absent. */
  attribute?(name: string): ArrayLike<number> | undefined;
}

/** The distinct class targets of a dataset, ascending. */
export function classesOf(dataset: Pick<ClassificationDataset, 'targets'>): number[] {
  return distinctSorted(dataset.targets);
}

/** The distinct task labels of a dataset, ascending. */
export function taskLabelsOf(dataset: Pick<ClassificationDataset, 'taskLabels'>): number[] {
  return distinctSorted(dataset.taskLabels);
}

function distinctSorted(values: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) seen.add(values[i]);
  return [...seen].sort((a, b) => a - b);
}
