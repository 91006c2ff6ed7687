import type * as tf from '@tensorflow/tfjs';
import { Rng, parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { Activation } from './activation.js';
import { BaseModel } from './base-model.js';
import { Dropout } from './dropout.js';
import type { LayersExport } from './layers-export.js';
import { Linear } from './linear.js';
import type { ForwardContext } from './module.js';
import { Sequential } from './sequential.js';

export const mlpOptionsSchema = z
  .object({
    inputSize: z.number().int().positive(),
    /** Width of each hidden layer, in order (may be empty: a linear classifier). */
    hiddenSizes: z.array(z.number().int().positive()),
    numClasses: z.number().int().positive(),
    activation: z.enum(['relu', 'tanh']).default('relu'),
    /** Dropout after each hidden activation; 0 (default) adds no Dropout module. */
    dropRate: z.number().min(0).lt(1).default(0),
    seed: z.number().int().default(0),
  })
  .strict();
export type MlpOptions = z.input<typeof mlpOptionsSchema>;

/**
 * A multilayer perceptron with configurable hidden layers: `features` = per hidden size
 * [Linear, ReLU or Tanh, Dropout (when dropRate > 0)], then `classifier` = Linear(last, numClasses).
 * Input of any shape is flattened to inputSize.
 */
export class MLP extends BaseModel {
  readonly name = 'MLP';
  readonly inputShape: readonly number[];
  protected readonly headName = 'classifier';
  readonly options: Readonly<z.output<typeof mlpOptionsSchema>>;

  constructor(options: MlpOptions) {
    const opts = parseWithSchema(mlpOptionsSchema, options, 'MLP options');
    super(opts.seed);
    this.options = opts;
    this.inputShape = [opts.inputSize];
    const rng = new Rng(opts.seed);
    const features = new Sequential();
    let width = opts.inputSize;
    for (const h of opts.hiddenSizes) {
      features.append(new Linear(width, h, rng)).append(new Activation(opts.activation));
      if (opts.dropRate > 0) features.append(new Dropout(opts.dropRate));
      width = h;
    }
    this.registerModule('features', features);
    this.registerModule('classifier', new Linear(width, opts.numClasses, rng));
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.child('features').call(x.reshape([x.shape[0], this.options.inputSize]), ctx) as tf.Tensor2D;
  }

  protected featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    return this.child('features').toLayers(input, ex, 'features.');
  }
}
