import * as tf from '@tensorflow/tfjs';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { Optimizer, zerosSlot } from './optimizer.js';

export const sgdOptionsSchema = z
  .object({
    lr: z.number().finite().nonnegative(),
    momentum: z.number().finite().nonnegative().default(0),
    dampening: z.number().finite().min(0).max(1).default(0),
    nesterov: z.boolean().default(false),
    weightDecay: z.number().finite().nonnegative().default(0),
  })
  .strict()
  .refine((o) => !o.nesterov || (o.momentum > 0 && o.dampening === 0), {
    message: 'nesterov needs momentum > 0 and dampening 0 (as torch.optim.SGD)',
    path: ['nesterov'],
  });

/** Options of {@link sgd}, with PyTorch's names and defaults. */
export type SgdOptions = z.input<typeof sgdOptionsSchema>;

/**
 * Stochastic gradient descent (Robbins & Monro, 1951) with heavy-ball momentum (Polyak, 1964) or Nesterov
 * momentum (Nesterov, 1983; Sutskever et al., 2013), with PyTorch's `torch.optim.SGD` semantics:
 * `d = g + weightDecay·θ`; with momentum `b ← momentum·b + (1 − dampening)·d` (`b = d` on the first step),
 * then `d = d + momentum·b` (Nesterov) or `d = b`; finally `θ ← θ − lr·d`.
 */
export class SgdOptimizer extends Optimizer {
  static readonly className = 'AvalancheSGD';
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(options: SgdOptions) {
    const o = parseWithSchema(sgdOptionsSchema, options, 'sgdOptions');
    super(o.lr);
    this.momentum = o.momentum;
    this.dampening = o.dampening;
    this.nesterov = o.nesterov;
    this.weightDecay = o.weightDecay;
  }

  protected createSlots(variable: tf.Variable): tf.Variable[] {
    return this.momentum > 0 ? [zerosSlot(variable)] : [];
  }

  protected update(variable: tf.Variable, grad: tf.Tensor, slots: tf.Variable[], step: number, negLr: tf.Scalar): void {
    let d = this.weightDecay > 0 ? tf.add(grad, tf.mul(variable, this.weightDecay)) : grad;
    if (this.momentum > 0) {
      const buf = slots[0];
      const next = step === 1 ? d : tf.add(tf.mul(buf, this.momentum), this.dampening > 0 ? tf.mul(d, 1 - this.dampening) : d);
      buf.assign(next);
      d = this.nesterov ? tf.add(d, tf.mul(buf, this.momentum)) : buf;
    }
    variable.assign(tf.add(variable, tf.mul(d, negLr)));
  }

  protected hyperParameters(): Record<string, number | boolean> {
    return { momentum: this.momentum, dampening: this.dampening, nesterov: this.nesterov, weightDecay: this.weightDecay };
  }
}

/** Creates an SGD optimizer (see {@link SgdOptimizer}); options are validated. */
export function sgd(options: SgdOptions): SgdOptimizer {
  return new SgdOptimizer(options);
}
