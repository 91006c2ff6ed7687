import * as tf from '@tensorflow/tfjs';
import type { LayersExport } from './layers-export.js';
import { Module } from './module.js';

export interface Pool2dOptions {
  readonly kind: 'max' | 'avg';
  /** Window size; omit for global pooling to one value per channel (AdaptiveMax/AvgPool2d(1) + flatten). */
  readonly kernelSize?: number;
  /** Defaults to the kernel size, as in PyTorch. */
  readonly stride?: number;
}

/**
 * Max or average pooling over [n, h, w, c] without padding (PyTorch's floor mode), or global pooling
 * to [n, c] when no kernel size is given.
 */
export class Pool2d extends Module {
  constructor(readonly options: Pool2dOptions) {
    super();
  }

  call(x: tf.Tensor): tf.Tensor {
    const input = x as tf.Tensor4D;
    const { kind, kernelSize, stride } = this.options;
    if (kernelSize === undefined) return kind === 'max' ? tf.max(input, [1, 2]) : tf.mean(input, [1, 2]);
    const pool = kind === 'max' ? tf.maxPool : tf.avgPool;
    return pool(input, kernelSize, stride ?? kernelSize, 'valid');
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string): tf.SymbolicTensor {
    const { kind, kernelSize, stride } = this.options;
    const name = ex.layerName(prefix);
    if (kernelSize === undefined) {
      const layer = kind === 'max' ? tf.layers.globalMaxPooling2d({ name }) : tf.layers.globalAveragePooling2d({ name });
      return ex.apply(layer, input);
    }
    const config = { poolSize: kernelSize, strides: stride ?? kernelSize, padding: 'valid' as const, name };
    return ex.apply(kind === 'max' ? tf.layers.maxPooling2d(config) : tf.layers.averagePooling2d(config), input);
  }
}
