import * as tf from '@tensorflow/tfjs';
import { Rng, parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { BaseModel } from './base-model.js';
import { BasicBlock } from './basic-block.js';
import { BatchNorm2d } from './batch-norm-2d.js';
import { Conv2d } from './conv2d.js';
import type { LayersExport } from './layers-export.js';
import { Linear } from './linear.js';
import type { ForwardContext, Module } from './module.js';
import { Sequential } from './sequential.js';

export const slimResNet18OptionsSchema = z
  .object({
    nclasses: z.number().int().positive(),
    /** Width of the first stage; stages are nf, 2nf, 4nf, 8nf (default 20). */
    nf: z.number().int().positive().default(20),
    /** Input height and width, channels last (32 for CIFAR; smaller works too). */
    inputSize: z.number().int().positive().default(32),
    seed: z.number().int().default(0),
  })
  .strict();
export type SlimResNet18Options = z.input<typeof slimResNet18OptionsSchema>;

/** Trunk and head layout shared by SlimResNet18 and MTSlimResNet18. */
export abstract class SlimResNetBase extends BaseModel {
  readonly inputShape: readonly number[];
  protected readonly headName = 'linear';
  readonly nf: number;

  protected constructor(nf: number, seed: number, inputSize: number, head: (inFeatures: number, rng: Rng) => Module) {
    super(seed);
    this.nf = nf;
    this.inputShape = [inputSize, inputSize, 3];
    const rng = new Rng(seed);
    this.registerModule('conv1', new Conv2d(3, nf, rng, { kernelSize: 3, padding: 1, bias: false }));
    this.registerModule('bn1', new BatchNorm2d(nf));
    let inPlanes = nf;
    [1, 2, 4, 8].forEach((mult, i) => {
      const planes = nf * mult;
      const stride = i === 0 ? 1 : 2;
      this.registerModule(`layer${i + 1}`, new Sequential([new BasicBlock(inPlanes, planes, stride, rng), new BasicBlock(planes, planes, 1, rng)]));
      inPlanes = planes;
    });
    this.registerModule('linear', head(nf * 8, rng));
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    // Flat input is viewed as [n, 32, 32, 3], as the reference views every input as (B, 3, 32, 32).
    const image = x.rank === 4 ? x : x.reshape([x.shape[0], 32, 32, 3]);
    let out: tf.Tensor = tf.relu(this.child('bn1').call(this.child('conv1').call(image, ctx), ctx));
    for (let i = 1; i <= 4; i++) out = this.child(`layer${i}`).call(out, ctx);
    // avg_pool2d(4) over the 4x4 map of a 32x32 input is a global average; this also serves smaller inputs.
    return tf.mean(out, [1, 2]) as tf.Tensor2D;
  }

  protected featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    const l = (name: string, t: tf.SymbolicTensor) => this.child(name).toLayers(t, ex, `${name}.`);
    let out = ex.apply(tf.layers.reLU({ name: ex.layerName('relu1') }), l('bn1', l('conv1', input)));
    for (let i = 1; i <= 4; i++) out = l(`layer${i}`, out);
    return ex.apply(tf.layers.globalAveragePooling2d({ name: ex.layerName('avg_pool') }), out);
  }
}

/**
 * Reduced ResNet-18 of GEM (Lopez-Paz & Ranzato 2017) as in Avalanche's SlimResNet18: conv3x3(3→nf)+BN+ReLU,
 * four stages of two BasicBlocks (nf, 2nf, 4nf, 8nf; strides 1, 2, 2, 2), global average pool, `linear` =
 * Linear(8nf, nclasses). Input [n, 32, 32, 3].
 */
export class SlimResNet18 extends SlimResNetBase {
  readonly name = 'SlimResNet18';

  constructor(options: SlimResNet18Options) {
    const opts = parseWithSchema(slimResNet18OptionsSchema, options, 'SlimResNet18 options');
    super(opts.nf, opts.seed, opts.inputSize, (inFeatures, rng) => new Linear(inFeatures, opts.nclasses, rng));
  }
}
