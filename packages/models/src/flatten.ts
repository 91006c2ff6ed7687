import * as tf from '@tensorflow/tfjs';
import type { LayersExport } from './layers-export.js';
import { Module } from './module.js';

/** Flattens [n, ...] to [n, d] in channels-last order (as tf.layers.flatten). */
export class Flatten extends Module {
  call(x: tf.Tensor): tf.Tensor2D {
    return (x.rank === 2 ? x : x.reshape([x.shape[0], -1])) as tf.Tensor2D;
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string): tf.SymbolicTensor {
    if (input.shape.length === 2) return input;
    return ex.apply(tf.layers.flatten({ name: ex.layerName(prefix) }), input);
  }
}
