import * as tf from '@tensorflow/tfjs';
import type { ClassificationDataset, ContinualModel } from '@avalanche-ts/core';
import { batchGradients, forEachBatch, padToShape, withTrainingMode, zerosLikeParameters, type BatchLoss, type NamedTensors } from './parameter-tensors.js';

export interface GradientImportanceOptions {
  readonly batchSize: number;
  /** The loss whose gradients are measured on each minibatch. */
  readonly loss: BatchLoss;
  /** 'square' accumulates g² (EWC's empirical Fisher), 'abs' accumulates |g| (MAS). */
  readonly reduce: 'square' | 'abs';
  /** Model mode while measuring: EWC uses eval mode, MAS training mode (as Avalanche). */
  readonly training: boolean;
  /** Seeds each training-mode forward pass (dropout), e.g. `() => rng.nextSeed()`. */
  readonly nextSeed?: () => number;
}

/**
 * Per-parameter importance from minibatch gradients: I = (1/N_b) Σ_b r(∇_θ L(B_b)) over the N_b
 * minibatches of `dataset` in order, with r = square or abs. Parameters the loss does not reach get
 * zeros. The caller owns the returned tensors.
 */
export function gradientImportance(model: ContinualModel, dataset: ClassificationDataset, options: GradientImportanceOptions): NamedTensors {
  const importance = zerosLikeParameters(model);
  const n = withTrainingMode(model, options.training, () =>
    forEachBatch(dataset, options.batchSize, (batch) => {
      const grads = batchGradients(model, batch, options.loss, options.nextSeed?.());
      for (const [name, g] of Object.entries(grads)) {
        const old = importance[name];
        importance[name] = tf.keep(tf.tidy(() => tf.add(old, options.reduce === 'square' ? tf.square(g) : tf.abs(g))));
        old.dispose();
        g.dispose();
      }
    }),
  );
  if (n > 0) {
    for (const [name, imp] of Object.entries(importance)) {
      importance[name] = tf.keep(tf.div(imp, n));
      imp.dispose();
    }
  }
  return importance;
}

/**
 * Σ_k Σ_i F_k,i · (θ_i − θ*_k,i)² over the model's trainable parameters and each (F_k, θ*_k) pair.
 * Stored tensors smaller than a grown parameter are zero-padded (Avalanche's `ParamData.expand`);
 * parameters without a stored entry (new heads) add nothing. Differentiable: call inside the gradient
 * closure. Returns undefined when there is nothing to penalise.
 */
export function quadraticPenalty(model: ContinualModel, pairs: ReadonlyArray<{ importance: NamedTensors; anchor: NamedTensors }>): tf.Scalar | undefined {
  if (pairs.length === 0) return undefined;
  return tf.tidy(() => {
    let total: tf.Tensor = tf.scalar(0);
    for (const { importance, anchor } of pairs) {
      for (const [name, p] of model.namedParameters()) {
        const imp = importance[name];
        const ref = anchor[name];
        if (!p.trainable || imp === undefined || ref === undefined) continue;
        const diff = tf.sub(p, padToShape(ref, p.shape));
        total = tf.add(total, tf.sum(tf.mul(padToShape(imp, p.shape), tf.square(diff))));
      }
    }
    return total as tf.Scalar;
  });
}
