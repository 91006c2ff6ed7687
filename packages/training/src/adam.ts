import * as tf from '@tensorflow/tfjs';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { Optimizer, zerosSlot } from './optimizer.js';

export const adamOptionsSchema = z
  .object({
    lr: z.number().finite().nonnegative().default(0.001),
    beta1: z.number().min(0).lt(1).default(0.9),
    beta2: z.number().min(0).lt(1).default(0.999),
    eps: z.number().finite().nonnegative().default(1e-8),
    weightDecay: z.number().finite().nonnegative().default(0),
  })
  .strict();

/** Options of {@link adam}, with PyTorch's defaults (`lr` 0.001, betas 0.9 / 0.999, eps 1e-8). */
export type AdamOptions = z.input<typeof adamOptionsSchema>;

/**
 * Adam (Kingma & Ba, 2015, "Adam: A Method for Stochastic Optimization") with PyTorch's `torch.optim.Adam`
 * semantics (L2 weight decay added to the gradient; eps outside the bias-corrected square root, which differs
 * from `tf.train.adam`): `g = g + wd·θ`, `m ← β1·m + (1−β1)·g`, `v ← β2·v + (1−β2)·g²`,
 * `θ ← θ − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + eps)`, with `t` counted per parameter, so parameters added when
 * the model grows start their own bias correction.
 */
export class AdamOptimizer extends Optimizer {
  static readonly className = 'AvalancheAdam';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;

  constructor(options: AdamOptions = {}) {
    const o = parseWithSchema(adamOptionsSchema, options, 'adamOptions');
    super(o.lr);
    this.beta1 = o.beta1;
    this.beta2 = o.beta2;
    this.eps = o.eps;
    this.weightDecay = o.weightDecay;
  }

  protected createSlots(variable: tf.Variable): tf.Variable[] {
    return [zerosSlot(variable), zerosSlot(variable)];
  }

  protected update(variable: tf.Variable, grad: tf.Tensor, slots: tf.Variable[], step: number, negLr: tf.Scalar): void {
    const [m, v] = slots;
    const g = this.weightDecay > 0 ? tf.add(grad, tf.mul(variable, this.weightDecay)) : grad;
    m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
    v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
    const bc1 = 1 - Math.pow(this.beta1, step);
    const bc2 = 1 - Math.pow(this.beta2, step);
    const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), this.eps);
    variable.assign(tf.add(variable, tf.mul(tf.div(m, denom), tf.div(negLr, bc1))));
  }

  protected hyperParameters(): Record<string, number | boolean> {
    return { beta1: this.beta1, beta2: this.beta2, eps: this.eps, weightDecay: this.weightDecay };
  }
}

/** Creates an Adam optimizer (see {@link AdamOptimizer}); options are validated. */
export function adam(options: AdamOptions = {}): AdamOptimizer {
  return new AdamOptimizer(options);
}
