import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import { ArrayDataset } from './array-dataset.js';
import { TypedArrayStore } from './sample-store.js';
import type { SampleTransform } from './sample-transform.js';

type NumericArray = Float32Array | Float64Array | Int32Array | Uint8Array | Uint8ClampedArray;
type Labels = ArrayLike<number> | tf.Tensor;

/** Options of {@link datasetFromArrays}. */
export interface DatasetFromArraysOptions {
  /** Inputs: a tensor [n, ...shape], a typed array or nested number arrays. */
  readonly x: tf.Tensor | NumericArray | readonly number[] | readonly (readonly number[])[] | readonly unknown[];
  /** Class target per sample. */
  readonly y: Labels;
  /** Task label per sample, or one for all (default 0). */
  readonly taskLabels?: Labels | number;
  /** Shape of one sample; required for flat typed arrays, read from tensors and nested arrays otherwise. */
  readonly sampleShape?: readonly number[];
  /** Factor applied to inputs when read (default 1/255 for Uint8 input, else 1). */
  readonly scale?: number;
  readonly transformGroups?: Readonly<Record<string, readonly SampleTransform[]>>;
  readonly frozenTransforms?: readonly SampleTransform[];
}

/**
 * A user's own data as a classification dataset in one call: arrays, typed arrays or tensors plus
 * labels (and optional task labels). Tensors are read once into typed arrays; the caller keeps them.
 */
export function datasetFromArrays(options: DatasetFromArraysOptions): ArrayDataset {
  const { data, shape } = toTyped(options.x, options.sampleShape);
  const y = labels(options.y, 'y');
  const taskLabels = typeof options.taskLabels === 'number' || options.taskLabels === undefined ? options.taskLabels : labels(options.taskLabels, 'taskLabels');
  const store = new TypedArrayStore(data, shape, { scale: options.scale });
  if (store.length !== y.length) {
    throw new ValidationError(`datasetFromArrays: x holds ${store.length} samples of shape [${shape.join(', ')}] but y has ${y.length} labels`);
  }
  return ArrayDataset.fromStore(store, y, {
    taskLabels,
    transformGroups: options.transformGroups,
    frozenTransforms: options.frozenTransforms,
  });
}

function labels(value: Labels, field: string): Int32Array {
  const raw = value instanceof tf.Tensor ? value.dataSync() : value;
  const out = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (!Number.isInteger(v)) throw new ValidationError(`datasetFromArrays: ${field}[${i}] must be an integer, got ${v}`);
    out[i] = v;
  }
  return out;
}

function toTyped(x: DatasetFromArraysOptions['x'], sampleShape?: readonly number[]): { data: NumericArray; shape: readonly number[] } {
  if (x instanceof tf.Tensor) {
    const shape = sampleShape ?? x.shape.slice(1);
    if (x.rank < 2 && !sampleShape) throw new ValidationError(`datasetFromArrays: x tensor of shape [${x.shape.join(', ')}] needs rank >= 2 ([n, ...sampleShape])`);
    return { data: Float32Array.from(x.dataSync()), shape: shape.length === 0 ? [1] : shape };
  }
  if (ArrayBuffer.isView(x)) {
    if (!sampleShape) throw new ValidationError('datasetFromArrays: a flat typed array x needs sampleShape');
    return { data: x as NumericArray, shape: sampleShape };
  }
  const arr = x as readonly unknown[];
  if (arr.length === 0) return { data: new Float32Array(0), shape: sampleShape ?? [1] };
  // Nested arrays: the shape of the first sample is the sample shape; every sample must match it.
  const first = arr[0];
  const inferred = Array.isArray(first) ? shapeOf(first) : [1];
  const shape = sampleShape ?? inferred;
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(arr.length * size);
  for (let i = 0; i < arr.length; i++) {
    const flat = Array.isArray(arr[i]) ? (arr[i] as unknown[]).flat(Infinity) : [arr[i]];
    if (flat.length !== size) throw new ValidationError(`datasetFromArrays: x[${i}] has ${flat.length} values, expected ${size} (shape [${shape.join(', ')}])`);
    for (let j = 0; j < size; j++) {
      const v = flat[j];
      if (typeof v !== 'number') throw new ValidationError(`datasetFromArrays: x[${i}] holds a non-number (${String(v)})`);
      data[i * size + j] = v;
    }
  }
  return { data, shape };
}

function shapeOf(value: unknown): number[] {
  const shape: number[] = [];
  let cur = value;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}
