import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@avalanche-ts/core';
import { BatchNorm2d } from './batch-norm-2d.js';
import { Conv2d } from './conv2d.js';
import type { LayersExport } from './layers-export.js';
import { Module, type ForwardContext } from './module.js';
import { Sequential } from './sequential.js';

/**
 * ResNet basic block (He et al. 2016) as in GEM's reduced ResNet-18:
 * y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), with 3x3 convolutions without bias and a
 * 1x1 conv + BN shortcut when the stride or the width changes (identity otherwise).
 */
export class BasicBlock extends Module {
  constructor(inPlanes: number, planes: number, stride: number, rng: Rng) {
    super();
    this.registerModule('conv1', new Conv2d(inPlanes, planes, rng, { kernelSize: 3, stride, padding: 1, bias: false }));
    this.registerModule('bn1', new BatchNorm2d(planes));
    this.registerModule('conv2', new Conv2d(planes, planes, rng, { kernelSize: 3, padding: 1, bias: false }));
    this.registerModule('bn2', new BatchNorm2d(planes));
    const shortcut = new Sequential();
    if (stride !== 1 || inPlanes !== planes) {
      shortcut.append(new Conv2d(inPlanes, planes, rng, { kernelSize: 1, stride, bias: false })).append(new BatchNorm2d(planes));
    }
    this.registerModule('shortcut', shortcut);
  }

  call(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    const c = (name: string, t: tf.Tensor) => this.child(name).call(t, ctx);
    const h = tf.relu(c('bn1', c('conv1', x)));
    return tf.relu(tf.add(c('bn2', c('conv2', h)), c('shortcut', x)));
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string): tf.SymbolicTensor {
    const l = (name: string, t: tf.SymbolicTensor) => this.child(name).toLayers(t, ex, `${prefix}${name}.`);
    const h = ex.apply(tf.layers.reLU({ name: ex.layerName(prefix, '_relu1') }), l('bn1', l('conv1', input)));
    const sum = ex.apply(tf.layers.add({ name: ex.layerName(prefix, '_add') }), [l('bn2', l('conv2', h)), l('shortcut', input)]);
    return ex.apply(tf.layers.reLU({ name: ex.layerName(prefix, '_relu2') }), sum);
  }
}
