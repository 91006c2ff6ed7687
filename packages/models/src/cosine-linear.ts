import * as tf from '@tensorflow/tfjs';
import { ValidationError, type Rng } from '@avalanche-ts/core';
import { constantVariable, uniformVariable } from './kaiming-init.js';
import { Module } from './module.js';

/** L2-normalises along `axis` as torch's F.normalize: v / max(||v||, 1e-12). */
function l2Normalize(t: tf.Tensor, axis: number): tf.Tensor {
  return tf.div(t, tf.maximum(tf.norm(t, 'euclidean', axis, true), 1e-12));
}

/**
 * Cosine classifier layer (Hou et al. 2019, "Learning a Unified Classifier Incrementally via Rebalancing"),
 * as Avalanche's CosineLinear: y = sigma * (x / ||x||) · (w_j / ||w_j||) for each class j, with no bias,
 * countering the bias toward recent classes. `weight` is [in, out] (U(-1/sqrt(in), 1/sqrt(in))), `sigma`
 * a learnable scale initialised to 1 (omitted with `sigma: false`).
 */
export class CosineLinear extends Module {
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    rng: Rng,
    options: { sigma?: boolean } = {},
  ) {
    super();
    this.registerParameter('weight', uniformVariable(rng, [inFeatures, outFeatures], 1 / Math.sqrt(inFeatures)));
    if (options.sigma !== false) this.registerParameter('sigma', constantVariable([1], 1));
  }

  call(x: tf.Tensor): tf.Tensor2D {
    const flat = x.rank === 2 ? x : x.reshape([x.shape[0], -1]);
    const cos = tf.matMul(l2Normalize(flat, 1) as tf.Tensor2D, l2Normalize(this.parameter('weight'), 0) as tf.Tensor2D);
    const sigma = this.namedParameters().find(([n]) => n === 'sigma')?.[1];
    return (sigma ? tf.mul(cos, sigma) : cos) as tf.Tensor2D;
  }

  toLayers(): tf.SymbolicTensor {
    throw new ValidationError('CosineLinear has no standard tf.layers equivalent (L2 normalisation); it cannot be exported');
  }
}
