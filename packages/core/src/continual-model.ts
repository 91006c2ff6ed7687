import type * as tf from '@tensorflow/tfjs';

export interface ForwardOptions {
  /** Task label of each sample, for multi-task models (ignored by single-head models). */
  readonly taskLabels?: tf.Tensor1D;
  /** Seed for the random parts of a training-mode forward pass (dropout), so runs are reproducible. */
  readonly seed?: number;
}

/**
 * What training, evaluation and strategies need from a model. Implemented by every model of
 * `@avalanche-ts/models`; a user may implement it directly over raw variables.
 */
export interface ContinualModel {
  readonly name: string;
  /** True in training mode (dropout active, batch norm uses batch statistics). */
  readonly training: boolean;
  setTraining(training: boolean): void;
  /**
   * Logits of shape [batch, nOutputs]. Synchronous and differentiable: it runs inside the gradient
   * closure. Creates only tensors the caller owns (the result) or that a surrounding tidy frees.
   */
  forward(x: tf.Tensor, options?: ForwardOptions): tf.Tensor2D;
  /** Every parameter by stable name (e.g. "features.0.weight"), in a stable order; frozen ones have `trainable === false`. */
  namedParameters(): ReadonlyArray<readonly [string, tf.Variable]>;
  /** Parameters and persistent buffers (batch-norm running statistics) by name; the live tensors, not copies. */
  stateDict(): Record<string, tf.Tensor>;
  /** Assigns every entry of `state` (shapes must match); throws naming the first missing or mismatched key. */
  loadStateDict(state: Readonly<Record<string, tf.Tensor>>): void;
  /** A deep copy with its own variables (a frozen teacher for LwF, a snapshot for early stopping). */
  clone(): ContinualModel;
  /** Penultimate features, [batch, nFeatures], where the model defines them. */
  getFeatures?(x: tf.Tensor, options?: ForwardOptions): tf.Tensor2D;
  /** Frees every variable of the model. */
  dispose(): void;
}
