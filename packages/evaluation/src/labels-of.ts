import type * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';

/** Labels or scores as a metric receives them: a tensor, or plain numbers already on the CPU. */
export type LabelsInput = tf.Tensor | ArrayLike<number>;

/** Scores read back from a tensor: row-major values and their shape. */
export interface ScoreRows {
  readonly values: Float32Array | Int32Array | Uint8Array;
  readonly rows: number;
  readonly cols: number;
}

function isTensor(value: unknown): value is tf.Tensor {
  return typeof value === 'object' && value !== null && typeof (value as tf.Tensor).dataSync === 'function' && Array.isArray((value as tf.Tensor).shape);
}

/**
 * Reads a tensor of shape [n] or [n, c] back to the CPU (no tensor is created, so nothing can leak).
 * Plain arrays are taken as shape [n].
 */
export function readRows(input: LabelsInput, what: string): ScoreRows {
  if (!isTensor(input)) {
    const values = Float32Array.from(input as ArrayLike<number>);
    return { values, rows: values.length, cols: 1 };
  }
  const shape = input.shape;
  if (shape.length === 1) return { values: input.dataSync() as Float32Array, rows: shape[0], cols: 1 };
  if (shape.length === 2) return { values: input.dataSync() as Float32Array, rows: shape[0], cols: shape[1] };
  throw new ValidationError(`${what} must have shape [n] (labels) or [n, classes] (scores); got [${shape.join(', ')}]`);
}

/** Index of the largest value of each row (first one on ties, as torch.max). */
export function argmaxRows(rows: ScoreRows): Int32Array {
  const out = new Int32Array(rows.rows);
  const { values, cols } = rows;
  for (let r = 0; r < rows.rows; r++) {
    let best = 0;
    let bestValue = values[r * cols];
    for (let c = 1; c < cols; c++) {
      const v = values[r * cols + c];
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}

/**
 * Class labels from labels ([n]) or scores / one-hot vectors ([n, c], reduced with argmax), as Avalanche's
 * metrics accept either form for both predictions and targets.
 */
export function labelsOf(input: LabelsInput, what: string): Int32Array {
  const rows = readRows(input, what);
  if (rows.cols === 1 && (!isTensor(input) || input.shape.length === 1)) return Int32Array.from(rows.values);
  return argmaxRows(rows);
}

/** Task labels: a single label for every sample, or one per sample. */
export function taskLabelsOf(taskLabels: number | LabelsInput, n: number): Int32Array {
  if (typeof taskLabels === 'number') return new Int32Array(n).fill(taskLabels);
  const labels = labelsOf(taskLabels, 'taskLabels');
  if (labels.length !== n) {
    throw new ValidationError(`taskLabels has ${labels.length} entries but the batch has ${n} samples`);
  }
  return labels;
}

/** Throws when predictions and targets differ in length. */
export function checkSameLength(predicted: ArrayLike<number>, targets: ArrayLike<number>): void {
  if (predicted.length !== targets.length) {
    throw new ValidationError(`predictions (${predicted.length}) and targets (${targets.length}) must have the same number of samples`);
  }
}
