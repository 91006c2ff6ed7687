import type * as tf from '@tensorflow/tfjs';
import { ValidationError, type Experience, type Scenario } from '@avalanche-ts/core';
import type { ArrayDataset } from './array-dataset.js';
import { datasetBenchmark, type DatasetBenchmarkOptions } from './dataset-benchmark.js';
import { datasetFromArrays, type DatasetFromArraysOptions } from './dataset-from-arrays.js';

/** The data of one experience: inputs and targets (arrays, typed arrays or tensors), as datasetFromArrays takes them. */
export type ExperienceTensors =
  | Pick<DatasetFromArraysOptions, 'x' | 'y' | 'sampleShape' | 'scale'>
  | readonly [DatasetFromArraysOptions['x'], tf.Tensor | ArrayLike<number>];

/** Options of {@link tensorsBenchmark}. */
export interface TensorsBenchmarkOptions extends Omit<DatasetBenchmarkOptions, 'taskLabels'> {
  /** Task label of each train experience (required, as in Avalanche). */
  readonly taskLabels: readonly number[];
}

/**
 * A benchmark from raw data (Avalanche's `tensors_benchmark`): per experience a pair [x, y] (or
 * { x, y, sampleShape }) for train and for test. The data are read once into typed arrays.
 */
export function tensorsBenchmark(
  trainTensors: readonly ExperienceTensors[],
  testTensors: readonly ExperienceTensors[],
  options: TensorsBenchmarkOptions,
): Scenario<Experience<ArrayDataset>> {
  if (!options || !Array.isArray(options.taskLabels)) throw new ValidationError('tensorsBenchmarkOptions.taskLabels is required (one task label per train experience)');
  const toDataset = (e: ExperienceTensors, i: number, stream: string) => {
    const spec = Array.isArray(e) ? { x: e[0], y: e[1] } : (e as Pick<DatasetFromArraysOptions, 'x' | 'y'>);
    if (spec.x === undefined || spec.y === undefined) throw new ValidationError(`tensorsBenchmark: ${stream} experience ${i} needs x and y`);
    return datasetFromArrays(spec as DatasetFromArraysOptions);
  };
  return datasetBenchmark(
    trainTensors.map((e, i) => toDataset(e, i, 'train')),
    testTensors.map((e, i) => toDataset(e, i, 'test')),
    { name: 'tensorsBenchmark', ...options },
  );
}
