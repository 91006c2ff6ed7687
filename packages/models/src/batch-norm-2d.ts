import * as tf from '@tensorflow/tfjs';
import { constantVariable } from './kaiming-init.js';
import type { LayersExport } from './layers-export.js';
import { Module, type ForwardContext } from './module.js';

export interface BatchNorm2dOptions {
  /** Added to the variance (PyTorch default 1e-5). */
  readonly eps?: number;
  /** Weight of the new batch statistic in the running averages (PyTorch default 0.1). */
  readonly momentum?: number;
}

/**
 * Batch normalisation over the last (channel) axis of [n, h, w, c] (or [n, c]) input (Ioffe & Szegedy 2015), as PyTorch's
 * nn.BatchNorm2d: y = (x - mean) / sqrt(var + eps) * weight + bias. Training mode normalises with the
 * batch's biased variance and updates running_mean <- (1 - m) running_mean + m mean and running_var
 * with the unbiased variance; eval mode uses the running statistics. The running statistics and
 * num_batches_tracked are buffers: in the state dict, not in the parameters.
 */
export class BatchNorm2d extends Module {
  readonly eps: number;
  readonly momentum: number;

  constructor(readonly numFeatures: number, options: BatchNorm2dOptions = {}) {
    super();
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    this.registerParameter('weight', constantVariable([numFeatures], 1));
    this.registerParameter('bias', constantVariable([numFeatures], 0));
    this.registerBuffer('running_mean', constantVariable([numFeatures], 0, false));
    this.registerBuffer('running_var', constantVariable([numFeatures], 1, false));
    this.registerBuffer('num_batches_tracked', constantVariable([], 0, false, 'int32'));
  }

  call(x: tf.Tensor, _ctx?: ForwardContext): tf.Tensor {
    const weight = this.parameter('weight');
    const bias = this.parameter('bias');
    if (!this.training) {
      return tf.batchNorm(x, this.buffer('running_mean'), this.buffer('running_var'), bias, weight, this.eps);
    }
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const { mean, variance } = tf.moments(x, axes);
    // Variable assignments are not recorded on the gradient tape, so the update adds nothing to the gradient.
    const n = x.size / this.numFeatures;
    tf.tidy(() => {
      const m = this.momentum;
      const unbiased = n > 1 ? tf.mul(variance, n / (n - 1)) : variance;
      this.buffer('running_mean').assign(tf.add(tf.mul(this.buffer('running_mean'), 1 - m), tf.mul(mean, m)));
      this.buffer('running_var').assign(tf.add(tf.mul(this.buffer('running_var'), 1 - m), tf.mul(unbiased, m)));
      this.buffer('num_batches_tracked').assign(tf.add(this.buffer('num_batches_tracked'), tf.scalar(1, 'int32')));
    });
    return tf.batchNorm(x, mean, variance, bias, weight, this.eps);
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string): tf.SymbolicTensor {
    const layer = tf.layers.batchNormalization({ axis: -1, epsilon: this.eps, momentum: 1 - this.momentum, name: ex.layerName(prefix) });
    const weights = [this.parameter('weight'), this.parameter('bias'), this.buffer('running_mean'), this.buffer('running_var')];
    return ex.apply(layer, input, weights);
  }
}

/** nn.BatchNorm1d over [n, features] input: the same computation as {@link BatchNorm2d} (statistics per feature). */
export class BatchNorm1d extends BatchNorm2d {}
