import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { StrategyError, parseWithSchema, type StateDict, type StrategyContext, type StrategyPlugin } from '@avalanche-ts/core';
import { modelFeatures } from './feature-rows.js';
import { FrozenModelCopy } from './frozen-model-copy.js';

export const featureDistillationOptionsSchema = z
  .object({
    /** α, the distillation weight: one value or one per experience (default 1). */
    alpha: z.union([z.number().nonnegative(), z.array(z.number().nonnegative()).nonempty()]).default(1),
    /** 'cosine' (default): α·(1 − mean cos(φ, φ_old)); 'mse': α·mean (φ − φ_old)². */
    mode: z.enum(['cosine', 'mse']).default('cosine'),
  })
  .strict();
export type FeatureDistillationOptions = z.input<typeof featureDistillationOptionsSchema>;

/**
 * Avalanche's `FeatureDistillationPlugin`: a frozen copy of the model is kept after each experience, and
 * while training later ones the penultimate features φ (`getFeatures`) of the current model are pulled
 * towards those of the copy:
 *   cosine: L += α · (1 − (1/B) Σ_i φ_i·φ_old,i / (‖φ_i‖‖φ_old,i‖)),   mse: L += α · mean (φ − φ_old)².
 * (Avalanche's mse branch passes an argument `mse_loss` rejects; this is the intended mean squared error.)
 * The copy runs in eval mode.
 */
export class FeatureDistillationPlugin implements StrategyPlugin {
  readonly name = 'FeatureDistillationPlugin';
  readonly alpha: number | readonly number[];
  readonly mode: 'cosine' | 'mse';
  private readonly prevModel = new FrozenModelCopy();

  constructor(options: FeatureDistillationOptions = {}) {
    const o = parseWithSchema(featureDistillationOptionsSchema, options, 'featureDistillation options');
    this.alpha = o.alpha;
    this.mode = o.mode;
  }

  beforeTraining(context: StrategyContext): void {
    if (context.model.getFeatures === undefined) throw new StrategyError(`FeatureDistillationPlugin needs a model with getFeatures(); ${context.model.name} has none`);
  }

  lossTerm(context: StrategyContext): tf.Scalar | undefined {
    const prev = this.prevModel.get(context.model);
    const mb = context.minibatch;
    if (prev === undefined || mb === undefined) return undefined;
    const k = context.clock.trainExpCounter;
    const alpha = typeof this.alpha === 'number' ? this.alpha : this.alpha[Math.min(k, this.alpha.length - 1)];
    if (alpha === 0) return undefined;
    return tf.tidy(() => {
      const current = modelFeatures(context.model, mb.x, mb.taskLabels, this.name);
      const old = modelFeatures(prev, mb.x, mb.taskLabels, this.name);
      if (this.mode === 'mse') return tf.mul(tf.mean(tf.squaredDifference(current, old)), alpha) as tf.Scalar;
      // PyTorch's cosine_similarity: x·y / max(‖x‖‖y‖, 1e-8).
      const dot = tf.sum(tf.mul(current, old), 1);
      // tf.norm's gradient at an all-zero row (a dead ReLU layer) is 0/0 = NaN; clamping the squared norm
      // gives that row a zero gradient instead.
      const rowNorm = (t: tf.Tensor) => tf.sqrt(tf.maximum(tf.sum(tf.square(t), 1), 1e-16));
      const norms = tf.maximum(tf.mul(rowNorm(current), rowNorm(old)), 1e-8);
      return tf.mul(tf.sub(1, tf.mean(tf.div(dot, norms))), alpha) as tf.Scalar;
    });
  }

  afterTrainingExp(context: StrategyContext): void {
    this.prevModel.refresh(context.model);
  }

  stateDict(): StateDict {
    return { prevModel: this.prevModel.stateDict() };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(z.object({ prevModel: z.unknown() }), state, 'FeatureDistillationPlugin state');
    this.prevModel.loadStateDict(s.prevModel, 'FeatureDistillationPlugin state.prevModel');
  }

  dispose(): void {
    this.prevModel.dispose();
  }
}

/** A {@link FeatureDistillationPlugin}: `featureDistillationPlugin({ alpha: 1, mode: 'cosine' })`. */
export function featureDistillationPlugin(options: FeatureDistillationOptions = {}): FeatureDistillationPlugin {
  return new FeatureDistillationPlugin(options);
}
