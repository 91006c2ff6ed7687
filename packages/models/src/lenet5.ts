import type * as tf from '@tensorflow/tfjs';
import { Rng, parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { Activation } from './activation.js';
import { BaseModel } from './base-model.js';
import { Conv2d } from './conv2d.js';
import { Flatten } from './flatten.js';
import type { LayersExport } from './layers-export.js';
import { Linear } from './linear.js';
import type { ForwardContext } from './module.js';
import { Pool2d } from './pool2d.js';
import { Sequential } from './sequential.js';

export const lenet5OptionsSchema = z
  .object({
    nClasses: z.number().int().positive(),
    inputChannels: z.number().int().positive(),
    seed: z.number().int().default(0),
  })
  .strict();
export type LeNet5Options = z.input<typeof lenet5OptionsSchema>;

/**
 * LeNet-5 (LeCun et al. 1998) as Avalanche's LeNet5: `feature_extractor` = Conv(c→6, k5), Tanh, AvgPool(2),
 * Conv(6→16, k5), Tanh, AvgPool(2), Conv(16→120, k5), Tanh; `classifier` = Linear(120, 84), Tanh,
 * Linear(84, nClasses). Input [n, 32, 32, c] (pad MNIST to 32x32). Features are the 120 conv outputs.
 */
export class LeNet5 extends BaseModel {
  readonly name = 'LeNet5';
  readonly inputShape: readonly number[];
  protected readonly headName = 'classifier';

  constructor(options: LeNet5Options) {
    const opts = parseWithSchema(lenet5OptionsSchema, options, 'LeNet5 options');
    super(opts.seed);
    this.inputShape = [32, 32, opts.inputChannels];
    const rng = new Rng(opts.seed);
    this.registerModule(
      'feature_extractor',
      new Sequential([
        new Conv2d(opts.inputChannels, 6, rng, { kernelSize: 5 }),
        new Activation('tanh'),
        new Pool2d({ kind: 'avg', kernelSize: 2 }),
        new Conv2d(6, 16, rng, { kernelSize: 5 }),
        new Activation('tanh'),
        new Pool2d({ kind: 'avg', kernelSize: 2 }),
        new Conv2d(16, 120, rng, { kernelSize: 5 }),
        new Activation('tanh'),
        ['flatten', new Flatten()],
      ]),
    );
    this.registerModule('classifier', new Sequential([new Linear(120, 84, rng), new Activation('tanh'), new Linear(84, opts.nClasses, rng)]));
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.child('feature_extractor').call(x, ctx) as tf.Tensor2D;
  }

  protected featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    return this.child('feature_extractor').toLayers(input, ex, 'feature_extractor.');
  }
}
