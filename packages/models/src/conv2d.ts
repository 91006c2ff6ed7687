import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@avalanche-ts/core';
import { conv2dOp } from './conv2d-op.js';
import { fanInUniformBias, kaimingUniform } from './kaiming-init.js';
import type { LayersExport } from './layers-export.js';
import type { FusedActivation } from './linear.js';
import { Module, type ForwardContext } from './module.js';

export interface Conv2dOptions {
  readonly kernelSize: number;
  readonly stride?: number;
  /** Zero padding on every side, as PyTorch's `padding` (default 0). */
  readonly padding?: number;
  readonly bias?: boolean;
  /** 1 (default) or `inChannels` for a depthwise convolution (MobileNet). */
  readonly groups?: number;
}

/**
 * 2-D convolution over channels-last input [n, h, w, c] (PyTorch's nn.Conv2d semantics and init).
 * The weight is stored as [k, k, in, out] ([k, k, in, 1] when depthwise), TensorFlow.js's layout.
 */
export class Conv2d extends Module {
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly depthwise: boolean;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    rng: Rng,
    options: Conv2dOptions,
  ) {
    super();
    this.kernelSize = options.kernelSize;
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    const groups = options.groups ?? 1;
    if (groups !== 1 && !(groups === inChannels && outChannels === inChannels)) {
      throw new Error(`Conv2d: groups must be 1 or equal to in and out channels (depthwise), got groups=${groups}`);
    }
    this.depthwise = groups !== 1;
    const k = this.kernelSize;
    const fanIn = (inChannels / groups) * k * k;
    const shape = this.depthwise ? [k, k, inChannels, 1] : [k, k, inChannels, outChannels];
    this.registerParameter('weight', kaimingUniform(rng, shape, fanIn));
    if (options.bias !== false) this.registerParameter('bias', fanInUniformBias(rng, outChannels, fanIn));
  }

  get weight(): tf.Variable {
    return this.parameter('weight');
  }

  get bias(): tf.Variable | undefined {
    return this.namedParameters().find(([n]) => n === 'bias')?.[1];
  }

  call(x: tf.Tensor, _ctx?: ForwardContext, activation: FusedActivation = 'linear'): tf.Tensor4D {
    const input = x as tf.Tensor4D;
    const pad = this.padding === 0 ? 'valid' : this.padding;
    if (this.depthwise) {
      const y = tf.depthwiseConv2d(input, this.weight as tf.Tensor4D, this.stride, pad);
      const b = this.bias ? tf.add(y, this.bias) : y;
      return (activation === 'relu' ? tf.relu(b) : b) as tf.Tensor4D;
    }
    return conv2dOp(input, this.weight as tf.Tensor4D, this.bias as tf.Tensor1D | undefined, this.stride, this.padding, activation);
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string, activation: FusedActivation = 'linear'): tf.SymbolicTensor {
    // tf.layers pads "same" asymmetrically for even sizes; PyTorch pads symmetrically, so pad explicitly.
    const padded = this.padding > 0
      ? ex.apply(tf.layers.zeroPadding2d({ padding: this.padding, name: ex.layerName(prefix, '_pad') }), input)
      : input;
    const common = { kernelSize: this.kernelSize, strides: this.stride, padding: 'valid' as const, useBias: this.bias !== undefined, activation, name: ex.layerName(prefix) };
    const layer = this.depthwise
      ? tf.layers.depthwiseConv2d({ ...common, depthMultiplier: 1 })
      : tf.layers.conv2d({ ...common, filters: this.outChannels });
    const weights = this.bias ? [this.weight, this.bias] : [this.weight];
    return ex.apply(layer, padded, weights);
  }
}
