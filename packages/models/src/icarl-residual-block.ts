import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@avalanche-ts/core';
import { Activation } from './activation.js';
import { BatchNorm2d } from './batch-norm-2d.js';
import { Conv2d } from './conv2d.js';
import { ownedVariable } from './kaiming-init.js';
import type { LayersExport } from './layers-export.js';
import { Module, type ForwardContext } from './module.js';
import { Sequential } from './sequential.js';

/**
 * Residual block of iCaRL's ResNet-32 (Rebuffi et al. 2017; He et al. 2016 option A):
 * y = relu(direct(x) + shortcut(x)) (no relu when `last`), direct = conv3x3, BN, ReLU, conv3x3, BN.
 * When the block doubles the width it strides by 2 and the shortcut is parameter-free: x[:, ::2, ::2]
 * zero-padded with out/4 channels on each side.
 */
export class IcarlResidualBlock extends Module {
  readonly increaseDim: boolean;
  readonly last: boolean;
  readonly inChannels: number;

  constructor(inChannels: number, rng: Rng, options: { increaseDim?: boolean; last?: boolean } = {}) {
    super();
    this.increaseDim = options.increaseDim ?? false;
    this.last = options.last ?? false;
    this.inChannels = inChannels;
    const out = this.increaseDim ? inChannels * 2 : inChannels;
    const stride = this.increaseDim ? 2 : 1;
    this.registerModule(
      'direct',
      new Sequential([
        new Conv2d(inChannels, out, rng, { kernelSize: 3, stride, padding: 1, bias: false }),
        new BatchNorm2d(out),
        new Activation('relu'),
        new Conv2d(out, out, rng, { kernelSize: 3, padding: 1, bias: false }),
        new BatchNorm2d(out),
      ]),
    );
  }

  call(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    const sum = tf.add(this.child('direct').call(x, ctx), this.shortcut(x as tf.Tensor4D));
    return this.last ? sum : tf.relu(sum);
  }

  private shortcut(x: tf.Tensor4D): tf.Tensor {
    if (!this.increaseDim) return x;
    // x[:, ::2, ::2] through reshape + slice (tfjs has no gradient for strided slices): pad to even
    // sizes, view each 2x2 cell as its own axes, keep the top-left element.
    const [n, h, w, c] = x.shape;
    const eh = h + (h % 2);
    const ew = w + (w % 2);
    const even = eh !== h || ew !== w ? tf.pad(x, [[0, 0], [0, eh - h], [0, ew - w], [0, 0]]) : x;
    const cells = even.reshape([n * (eh / 2), 2, ew / 2, 2, c]);
    const sub = cells.slice([0, 0, 0, 0, 0], [-1, 1, -1, 1, -1]).reshape([n, eh / 2, ew / 2, c]);
    const q = Math.floor((c * 2) / 4);
    return tf.pad(sub, [[0, 0], [0, 0], [0, 0], [q, q]]);
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string): tf.SymbolicTensor {
    const direct = this.child('direct').toLayers(input, ex, `${prefix}direct.`);
    let shortcut = input;
    if (this.increaseDim) {
      // Subsampling plus channel zero-padding is a fixed 1x1 stride-2 conv with a shifted identity kernel.
      const c = this.inChannels;
      const q = Math.floor((c * 2) / 4);
      const kernel = new Float32Array(c * c * 2);
      for (let i = 0; i < c; i++) kernel[i * c * 2 + i + q] = 1;
      const k = ownedVariable(tf.tensor4d(kernel, [1, 1, c, c * 2]), false);
      const layer = tf.layers.conv2d({ filters: c * 2, kernelSize: 1, strides: 2, padding: 'valid', useBias: false, name: ex.layerName(prefix, '_shortcut') });
      shortcut = ex.apply(layer, input, [k]);
      k.dispose();
    }
    const sum = ex.apply(tf.layers.add({ name: ex.layerName(prefix, '_add') }), [direct, shortcut]);
    return this.last ? sum : ex.apply(tf.layers.reLU({ name: ex.layerName(prefix, '_relu') }), sum);
  }
}
