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

export const simpleMlpOptionsSchema = z
  .object({
    numClasses: z.number().int().positive().default(10),
    inputSize: z.number().int().positive().default(28 * 28),
    hiddenSize: z.number().int().positive().default(512),
    hiddenLayers: z.number().int().positive().default(1),
    dropRate: z.number().min(0).lt(1).default(0.5),
    /** Seed of the weight init (and of dropout when a forward pass gets no seed). */
    seed: z.number().int().default(0),
  })
  .strict();
export type SimpleMlpOptions = z.input<typeof simpleMlpOptionsSchema>;

/**
 * Avalanche's SimpleMLP: `features` = [Linear(inputSize, H), ReLU, Dropout(p)] followed by
 * (hiddenLayers - 1) blocks [Linear(H, H), ReLU, Dropout(p)] (named features.3, features.4, ...),
 * then `classifier` = Linear(H, numClasses). Any input is flattened to inputSize.
 * Defaults: 784 -> 512 -> 10, dropout 0.5 (669,706 parameters).
 */
export class SimpleMLP extends BaseModel {
  readonly name = 'SimpleMLP';
  readonly inputShape: readonly number[];
  protected readonly headName = 'classifier';
  readonly options: Readonly<z.output<typeof simpleMlpOptionsSchema>>;

  constructor(options: SimpleMlpOptions = {}) {
    const opts = parseWithSchema(simpleMlpOptionsSchema, options, 'SimpleMLP options');
    super(opts.seed);
    this.options = opts;
    this.inputShape = [opts.inputSize];
    const rng = new Rng(opts.seed);
    const h = opts.hiddenSize;
    const features = new Sequential([new Linear(opts.inputSize, h, rng), new Activation('relu'), new Dropout(opts.dropRate)]);
    for (let i = 1; i < opts.hiddenLayers; i++) {
      features.append(new Sequential([new Linear(h, h, rng), new Activation('relu'), new Dropout(opts.dropRate)]));
    }
    this.registerModule('features', features);
    this.registerModule('classifier', new Linear(h, opts.numClasses, rng));
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.child('features').call(x.reshape([x.shape[0], this.options.inputSize]), ctx) as tf.Tensor2D;
  }

  protected featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    return this.child('features').toLayers(input, ex, 'features.');
  }
}
