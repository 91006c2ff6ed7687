import * as tf from '@tensorflow/tfjs';
import type { ClassificationDataset, ContinualModel, Minibatch, NamedGradients } from '@avalanche-ts/core';
import { CheckpointError, StrategyError, disposeMinibatch } from '@avalanche-ts/core';

/** Tensors by parameter name (the names of `model.namedParameters()`), owned by whoever holds the record. */
export type NamedTensors = Record<string, tf.Tensor>;

/** A loss over a minibatch's model output, as strategies use it outside the template's closure. */
export type BatchLoss = (output: tf.Tensor2D, batch: Minibatch) => tf.Scalar;

/** Kept copies of the model's trainable parameters (θ*), by name. The caller disposes them. */
export function cloneParameters(model: ContinualModel): NamedTensors {
  const out: NamedTensors = {};
  for (const [name, v] of model.namedParameters()) if (v.trainable) out[name] = tf.keep(v.clone());
  return out;
}

/** Zeros shaped like every trainable parameter, by name. The caller disposes them. */
export function zerosLikeParameters(model: ContinualModel): NamedTensors {
  const out: NamedTensors = {};
  for (const [name, v] of model.namedParameters()) if (v.trainable) out[name] = tf.keep(tf.zerosLike(v));
  return out;
}

/** Disposes every tensor of a record. */
export function disposeNamed(tensors: NamedTensors | undefined): void {
  if (tensors === undefined) return;
  for (const t of Object.values(tensors)) t.dispose();
}

/**
 * `stored` zero-padded at the end of each axis up to `shape` (Avalanche's `ParamData.expand`): a
 * parameter that grew (an incremental classifier with more units) keeps its old values in the leading
 * block and zeros elsewhere. Returns `stored` itself when the shapes already match.
 */
export function padToShape(stored: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (stored.shape.length === shape.length && stored.shape.every((s, i) => s === shape[i])) return stored;
  if (stored.shape.length !== shape.length || stored.shape.some((s, i) => s > shape[i])) {
    throw new StrategyError(`cannot expand a stored tensor of shape [${stored.shape}] to the parameter shape [${shape}]`);
  }
  return tf.pad(stored, stored.shape.map((s, i) => [0, shape[i] - s] as [number, number]));
}

/** Consecutive index ranges [start, end) of `length` samples in chunks of `batchSize` (the last may be short). */
export function batchRanges(length: number, batchSize: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let start = 0; start < length; start += batchSize) out.push([start, Math.min(length, start + batchSize)]);
  return out;
}

/** Sample indices start..end-1. */
export function range(start: number, end: number): Int32Array {
  const out = new Int32Array(end - start);
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

/**
 * Gradients of `loss(model(x))` for one minibatch with respect to the model's trainable parameters, by
 * parameter name; parameters the loss does not reach are absent. `seed` fixes a training-mode forward's
 * dropout. The caller disposes the result.
 */
export function batchGradients(model: ContinualModel, batch: Minibatch, loss: BatchLoss, seed?: number): NamedGradients {
  const params = model.namedParameters().filter(([, v]) => v.trainable);
  const nameOf = new Map(params.map(([name, v]) => [v.name, name]));
  const { value, grads } = tf.variableGrads(() => {
    const output = model.forward(batch.x, { taskLabels: batch.taskLabels, seed });
    return loss(output, batch);
  }, params.map(([, v]) => v));
  value.dispose();
  const out: NamedGradients = {};
  for (const [varName, g] of Object.entries(grads)) {
    const name = nameOf.get(varName);
    if (name === undefined) g.dispose();
    else out[name] = g;
  }
  return out;
}

/**
 * Runs `fn` on every minibatch of `dataset`, in order, without shuffling (as Avalanche's importance
 * loops do), and frees each minibatch afterwards. Returns the number of minibatches.
 */
export function forEachBatch(dataset: ClassificationDataset, batchSize: number, fn: (batch: Minibatch) => void): number {
  const ranges = batchRanges(dataset.length, batchSize);
  for (const [start, end] of ranges) {
    const batch = dataset.getBatch(range(start, end));
    try {
      fn(batch);
    } finally {
      disposeMinibatch(batch);
    }
  }
  return ranges.length;
}

/** Runs `fn` with the model switched to training (`true`) or eval mode, restoring its mode afterwards. */
export function withTrainingMode<T>(model: ContinualModel, training: boolean, fn: () => T): T {
  const previous = model.training;
  model.setTraining(training);
  try {
    return fn();
  } finally {
    model.setTraining(previous);
  }
}

/** Copies named tensors into a plain record for a state dict (tensors are cloned, so the state owns them). */
export function namedToState(tensors: NamedTensors): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [k, t] of Object.entries(tensors)) out[k] = t.clone();
  return out;
}

/** Kept clones of named tensors read back from a state dict. */
export function namedFromState(state: unknown, where: string): NamedTensors {
  if (state === null || typeof state !== 'object') throw new CheckpointError(`${where}: expected a record of tensors, got ${typeof state}`);
  const out: NamedTensors = {};
  for (const [k, t] of Object.entries(state as Record<string, unknown>)) {
    if (!(t instanceof tf.Tensor)) throw new CheckpointError(`${where}.${k}: expected a tensor, got ${typeof t}`);
    out[k] = tf.keep(t.clone());
  }
  return out;
}
