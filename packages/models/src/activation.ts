import * as tf from '@tensorflow/tfjs';
import type { LayersExport } from './layers-export.js';
import { Module } from './module.js';

/** PyTorch's nn.LeakyReLU default negative slope. */
const LEAKY_SLOPE = 0.01;

export type ActivationKind = 'relu' | 'tanh' | 'sigmoid' | 'leakyRelu';

/** An element-wise activation (nn.ReLU, nn.Tanh, nn.Sigmoid, nn.LeakyReLU with slope 0.01); no parameters. */
export class Activation extends Module {
  constructor(readonly kind: ActivationKind) {
    super();
  }

  call(x: tf.Tensor): tf.Tensor {
    switch (this.kind) {
      case 'relu':
        return tf.relu(x);
      case 'tanh':
        return tf.tanh(x);
      case 'sigmoid':
        return tf.sigmoid(x);
      case 'leakyRelu':
        return tf.leakyRelu(x, LEAKY_SLOPE);
    }
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string): tf.SymbolicTensor {
    if (this.kind === 'leakyRelu') return ex.apply(tf.layers.leakyReLU({ alpha: LEAKY_SLOPE, name: ex.layerName(prefix) }), input);
    return ex.apply(tf.layers.activation({ activation: this.kind, name: ex.layerName(prefix) }), input);
  }
}
