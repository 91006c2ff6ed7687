import * as tf from '@tensorflow/tfjs';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import type { BatchNorm2d } from './batch-norm-2d.js';
import { constantVariable } from './kaiming-init.js';
import type { LayersExport } from './layers-export.js';
import { Module, type ForwardContext } from './module.js';
import { stopGradient } from './stop-gradient.js';

export const batchRenorm2dOptionsSchema = z
  .object({
    /** Added to the batch variance (default 1e-5). */
    eps: z.number().positive().default(1e-5),
    /** Weight of the new batch statistic in the running mean and std (default 0.01). */
    momentum: z.number().min(0).max(1).default(0.01),
    /** Added to r_max and d_max per training sample, until they reach their maxima (default 1e-4). */
    rDMaxIncStep: z.number().nonnegative().default(0.0001),
    /** Initial clip of r (default 1: plain batch norm at first). */
    rMax: z.number().min(1).default(1),
    /** Initial clip of d (default 0). */
    dMax: z.number().nonnegative().default(0),
    /** Largest r_max (default 3). */
    maxRMax: z.number().min(1).default(3),
    /** Largest d_max (default 5). */
    maxDMax: z.number().nonnegative().default(5),
  })
  .strict();
export type BatchRenorm2dOptions = z.input<typeof batchRenorm2dOptionsSchema>;


/**
 * Batch renormalisation (Ioffe 2017, "Batch Renormalization: Towards Reducing Minibatch Dependence in
 * Batch-Normalized Models", NeurIPS), as Avalanche's `BatchRenorm2D` over the channel (last) axis of
 * [n, h, w, c] input. Training mode, with the batch mean μ_B and σ_B = √(var_B + eps) (biased variance):
 *
 *   r = clip(σ_B / σ, 1/r_max, r_max), d = clip((μ_B − μ) / σ, −d_max, d_max)  (both without gradient)
 *   y = γ · ((x − μ_B) · r / σ_B + d) + β
 *
 * then μ ← μ + m (μ_B − μ), σ ← σ + m (σ_B − σ), and r_max, d_max grow by `rDMaxIncStep` per sample up to
 * `maxRMax` / `maxDMax`. Eval mode: y = γ (x − μ) / σ + β. Parameters are `gamma` and `beta`; the running
 * `running_avg_mean`, `running_avg_std` and the current `r_max`, `d_max` are buffers (in checkpoints).
 * Avalanche initialises a fresh layer's running mean to 1 and std to 0 (so r divides by zero); here they
 * start at 0 and 1. {@link fromBatchNorm} converts a trained BatchNorm2d as Avalanche's `replace_bn_with_brn`.
 */
export class BatchRenorm2D extends Module {
  readonly eps: number;
  momentum: number;
  rDMaxIncStep: number;
  readonly maxRMax: number;
  readonly maxDMax: number;

  constructor(readonly numFeatures: number, options: BatchRenorm2dOptions = {}) {
    super();
    const o = parseWithSchema(batchRenorm2dOptionsSchema, options, 'BatchRenorm2D options');
    this.eps = o.eps;
    this.momentum = o.momentum;
    this.rDMaxIncStep = o.rDMaxIncStep;
    this.maxRMax = o.maxRMax;
    this.maxDMax = o.maxDMax;
    this.registerParameter('gamma', constantVariable([numFeatures], 1));
    this.registerParameter('beta', constantVariable([numFeatures], 0));
    this.registerBuffer('running_avg_mean', constantVariable([numFeatures], 0, false));
    this.registerBuffer('running_avg_std', constantVariable([numFeatures], 1, false));
    this.registerBuffer('r_max', constantVariable([], o.rMax, false));
    this.registerBuffer('d_max', constantVariable([], o.dMax, false));
  }

  /** A renorm layer with a batch-norm layer's γ, β, running mean, √(running var) and eps (the BN is left as is). */
  static fromBatchNorm(bn: BatchNorm2d, options: Omit<BatchRenorm2dOptions, 'eps'> = {}): BatchRenorm2D {
    const brn = new BatchRenorm2D(bn.numFeatures, { ...options, eps: bn.eps });
    const state = bn.stateDict();
    tf.tidy(() => {
      brn.parameter('gamma').assign(state.weight);
      brn.parameter('beta').assign(state.bias);
      brn.buffer('running_avg_mean').assign(state.running_mean);
      brn.buffer('running_avg_std').assign(tf.sqrt(state.running_var));
    });
    return brn;
  }

  /** Current r_max and d_max (read from the buffers). */
  get limits(): { rMax: number; dMax: number } {
    return { rMax: this.buffer('r_max').dataSync()[0], dMax: this.buffer('d_max').dataSync()[0] };
  }

  /** Sets momentum, the increment step and the current r_max / d_max (Avalanche's `change_brn_pars`). */
  setRenormParameters(options: { momentum?: number; rDMaxIncStep?: number; rMax?: number; dMax?: number }): void {
    if (options.momentum !== undefined) this.momentum = options.momentum;
    if (options.rDMaxIncStep !== undefined) this.rDMaxIncStep = options.rDMaxIncStep;
    tf.tidy(() => {
      if (options.rMax !== undefined) this.buffer('r_max').assign(tf.scalar(options.rMax));
      if (options.dMax !== undefined) this.buffer('d_max').assign(tf.scalar(options.dMax));
    });
  }

  call(x: tf.Tensor, _ctx?: ForwardContext): tf.Tensor {
    const gamma = this.parameter('gamma');
    const beta = this.parameter('beta');
    const mean = this.buffer('running_avg_mean');
    const std = this.buffer('running_avg_std');
    if (!this.training) return tf.add(tf.mul(tf.div(tf.sub(x, mean), std), gamma), beta);
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const moments = tf.moments(x, axes);
    const batchMean = moments.mean;
    const batchStd = tf.sqrt(tf.add(moments.variance, this.eps));
    const rMax = this.buffer('r_max');
    const dMax = this.buffer('d_max');
    const r = stopGradient(tf.minimum(tf.maximum(tf.div(batchStd, std), tf.div(1, rMax)), rMax));
    const d = stopGradient(tf.minimum(tf.maximum(tf.div(tf.sub(batchMean, mean), std), tf.neg(dMax)), dMax));
    const y = tf.add(tf.mul(tf.add(tf.div(tf.mul(tf.sub(x, batchMean), r), batchStd), d), gamma), beta);
    // Variable assignments are not recorded on the gradient tape.
    tf.tidy(() => {
      const step = this.rDMaxIncStep * x.shape[0];
      rMax.assign(tf.where(tf.less(rMax, this.maxRMax), tf.add(rMax, step), rMax));
      dMax.assign(tf.where(tf.less(dMax, this.maxDMax), tf.add(dMax, step), dMax));
      mean.assign(tf.add(mean, tf.mul(tf.sub(batchMean, mean), this.momentum)));
      std.assign(tf.add(std, tf.mul(tf.sub(batchStd, std), this.momentum)));
    });
    return y;
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string): tf.SymbolicTensor {
    // Eval mode is batch norm with variance σ² − eps, so that √(variance + eps) = σ.
    const layer = tf.layers.batchNormalization({ axis: -1, epsilon: this.eps, name: ex.layerName(prefix) });
    const variance = tf.tidy(() => tf.relu(tf.sub(tf.square(this.buffer('running_avg_std')), this.eps)));
    try {
      return ex.apply(layer, input, [this.parameter('gamma'), this.parameter('beta'), this.buffer('running_avg_mean'), variance]);
    } finally {
      variance.dispose();
    }
  }
}
