import type * as tf from '@tensorflow/tfjs';

/**
 * One minibatch, one tensor per field (never one tensor per sample). Whoever builds it owns its tensors;
 * inside the training template the template owns them and frees them after the iteration.
 */
export interface Minibatch {
  /** Inputs, float32, shape [batch, ...sampleShape]. */
  readonly x: tf.Tensor;
  /** Class targets, int32, shape [batch]. */
  readonly y: tf.Tensor1D;
  /** Task labels, int32, shape [batch]. */
  readonly taskLabels: tf.Tensor1D;
  /** Extra per-sample fields (stored logits for DER, sample weights, ...), first dimension = batch. */
  readonly extras?: Readonly<Record<string, tf.Tensor>>;
}

/** Frees every tensor of a minibatch. */
export function disposeMinibatch(batch: Minibatch): void {
  batch.x.dispose();
  batch.y.dispose();
  batch.taskLabels.dispose();
  if (batch.extras) for (const t of Object.values(batch.extras)) t.dispose();
}
