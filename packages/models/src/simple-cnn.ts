import type * as tf from '@tensorflow/tfjs';
import { Rng, parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { Activation } from './activation.js';
import { BaseModel } from './base-model.js';
import { Conv2d } from './conv2d.js';
import { Dropout } from './dropout.js';
import type { LayersExport } from './layers-export.js';
import { Linear } from './linear.js';
import type { ForwardContext } from './module.js';
import { Pool2d } from './pool2d.js';
import { Sequential } from './sequential.js';

export const simpleCnnOptionsSchema = z
  .object({
    numClasses: z.number().int().positive().default(10),
    /** Input channels (Avalanche's SimpleCNN takes 3). */
    inputChannels: z.number().int().positive().default(3),
    /** Input height and width, for the export (any size >= 10 works in the forward pass). */
    inputSize: z.number().int().min(10).default(32),
    seed: z.number().int().default(0),
  })
  .strict();
export type SimpleCnnOptions = z.input<typeof simpleCnnOptionsSchema>;

/**
 * Avalanche's SimpleCNN `features`: Conv(c→32, k3, p1), ReLU, Conv(32→32, k3), ReLU, MaxPool(2),
 * Dropout(0.25), Conv(32→64, k3, p1), ReLU, Conv(64→64, k3), ReLU, MaxPool(2), Dropout(0.25),
 * Conv(64→64, k1), ReLU, AdaptiveMaxPool(1), Dropout(0.25): 64 features per image.
 */
export function simpleCnnFeatures(inputChannels: number, rng: Rng): Sequential {
  return new Sequential([
    new Conv2d(inputChannels, 32, rng, { kernelSize: 3, padding: 1 }),
    new Activation('relu'),
    new Conv2d(32, 32, rng, { kernelSize: 3 }),
    new Activation('relu'),
    new Pool2d({ kind: 'max', kernelSize: 2 }),
    new Dropout(0.25),
    new Conv2d(32, 64, rng, { kernelSize: 3, padding: 1 }),
    new Activation('relu'),
    new Conv2d(64, 64, rng, { kernelSize: 3 }),
    new Activation('relu'),
    new Pool2d({ kind: 'max', kernelSize: 2 }),
    new Dropout(0.25),
    new Conv2d(64, 64, rng, { kernelSize: 1 }),
    new Activation('relu'),
    new Pool2d({ kind: 'max' }),
    new Dropout(0.25),
  ]);
}

/**
 * Avalanche's SimpleCNN: {@link simpleCnnFeatures} then `classifier` = Sequential(Linear(64, numClasses)).
 * Input [n, 32, 32, 3], channels last.
 */
export class SimpleCNN extends BaseModel {
  readonly name = 'SimpleCNN';
  readonly inputShape: readonly number[];
  protected readonly headName = 'classifier';

  constructor(options: SimpleCnnOptions = {}) {
    const opts = parseWithSchema(simpleCnnOptionsSchema, options, 'SimpleCNN options');
    super(opts.seed);
    this.inputShape = [opts.inputSize, opts.inputSize, opts.inputChannels];
    const rng = new Rng(opts.seed);
    this.registerModule('features', simpleCnnFeatures(opts.inputChannels, rng));
    this.registerModule('classifier', new Sequential([new Linear(64, opts.numClasses, rng)]));
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.child('features').call(x, ctx) as tf.Tensor2D;
  }

  protected featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    return this.child('features').toLayers(input, ex, 'features.');
  }
}
