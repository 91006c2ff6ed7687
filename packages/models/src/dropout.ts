import * as tf from '@tensorflow/tfjs';
import { Module, type ForwardContext } from './module.js';

/**
 * Inverted dropout (Srivastava et al. 2014): in training mode each value is zeroed with probability p
 * and the rest scaled by 1 / (1 - p); identity in eval mode. The mask's seed comes from the forward
 * pass's context, so a step with the same seed drops the same units.
 */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p < 1)) throw new Error(`Dropout: p must be in [0, 1), got ${p}`);
  }

  call(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    if (!this.training || this.p === 0) return x;
    return tf.dropout(x, this.p, undefined, ctx.nextSeed());
  }

  toLayers(input: tf.SymbolicTensor): tf.SymbolicTensor {
    return input; // inference-only export: dropout is the identity there
  }
}
