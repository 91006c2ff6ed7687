import type * as tf from '@tensorflow/tfjs';
import { Rng, parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { Activation } from './activation.js';
import { BaseModel } from './base-model.js';
import { BatchNorm2d } from './batch-norm-2d.js';
import { Conv2d } from './conv2d.js';
import type { LayersExport } from './layers-export.js';
import { Linear } from './linear.js';
import type { ForwardContext } from './module.js';
import { Pool2d } from './pool2d.js';
import { Sequential } from './sequential.js';

export const mobileNetV1OptionsSchema = z
  .object({
    /** Output units (Avalanche: 50, the CORe50 classes). */
    numClasses: z.number().int().positive().default(50),
    /** Input height and width (CORe50: 128); at least 32. */
    inputSize: z.number().int().min(32).default(128),
    /** Channel multiplier as pytorchcv's mobilenet_w1 / w3d4 / wd2 / wd4 (1, 0.75, 0.5, 0.25); Avalanche uses 1. */
    widthScale: z.number().positive().max(1).default(1),
    /** Input channels (3 for RGB; 1 for grayscale such as MNIST). */
    inChannels: z.number().int().positive().default(3),
    seed: z.number().int().default(0),
  })
  .strict();
export type MobileNetV1Options = z.input<typeof mobileNetV1OptionsSchema>;

/** Conv (no bias) + BN + ReLU, named like pytorchcv's ConvBlock ("conv", "bn"). */
function convBlock(cin: number, cout: number, kernelSize: number, stride: number, rng: Rng, depthwise = false): Sequential {
  return new Sequential([
    ['conv', new Conv2d(cin, cout, rng, { kernelSize, stride, padding: Math.floor(kernelSize / 2), bias: false, groups: depthwise ? cin : 1 })],
    ['bn', new BatchNorm2d(cout)],
    ['activ', new Activation('relu')],
  ]);
}

/**
 * MobileNet v1, width 1 (Howard et al. 2017), as pytorchcv's `mobilenet_w1` that Avalanche's MobilenetV1
 * wraps, randomly initialised (no pretrained weights here): `features` = init_block (conv3x3 3→32,
 * stride 2) then 13 depthwise-separable units (dw 3x3 + BN + ReLU, pw 1x1 + BN + ReLU) with widths
 * 64, 128, 128, 256, 256, 512 x 6, 1024, 1024 (stride 2 at the first unit of stages 2-5), global
 * average pooling (Avalanche's AvgPool2d(4) on the 4x4 map of a 128x128 input) to 1024 features;
 * `output` = Linear(1024, numClasses, no bias). Input [n, 128, 128, 3] (`inChannels` changes the 3).
 */
export class MobileNetV1 extends BaseModel {
  readonly name = 'MobileNetV1';
  readonly inputShape: readonly number[];
  protected readonly headName = 'output';

  constructor(options: MobileNetV1Options = {}) {
    const opts = parseWithSchema(mobileNetV1OptionsSchema, options, 'MobileNetV1 options');
    super(opts.seed);
    this.inputShape = [opts.inputSize, opts.inputSize, opts.inChannels];
    const rng = new Rng(opts.seed);
    const width = (c: number) => Math.max(1, Math.floor(c * opts.widthScale));
    const features = new Sequential([['init_block', convBlock(opts.inChannels, width(32), 3, 2, rng)]]);
    const stages = [[64], [128, 128], [256, 256], [512, 512, 512, 512, 512, 512], [1024, 1024]].map((s) => s.map(width));
    let cin = width(32);
    stages.forEach((widths, i) => {
      const stage = new Sequential();
      widths.forEach((cout, j) => {
        const stride = j === 0 && i !== 0 ? 2 : 1;
        stage.append([`unit${j + 1}`, new Sequential([['dw_conv', convBlock(cin, cin, 3, stride, rng, true)], ['pw_conv', convBlock(cin, cout, 1, 1, rng)]])]);
        cin = cout;
      });
      features.append([`stage${i + 1}`, stage]);
    });
    features.append(['final_pool', new Pool2d({ kind: 'avg' })]);
    this.registerModule('features', features);
    this.registerModule('output', new Linear(cin, opts.numClasses, rng, { bias: false }));
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.child('features').call(x, ctx) as tf.Tensor2D;
  }

  protected featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    return this.child('features').toLayers(input, ex, 'features.');
  }
}
