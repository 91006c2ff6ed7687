import type * as tf from '@tensorflow/tfjs';
import { Rng, parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { BaseModel } from './base-model.js';
import type { LayersExport } from './layers-export.js';
import type { ForwardContext } from './module.js';
import { MultiHeadClassifier } from './multi-head-classifier.js';
import { simpleCnnFeatures } from './simple-cnn.js';

export const mtSimpleCnnOptionsSchema = z
  .object({
    inputChannels: z.number().int().positive().default(3),
    inputSize: z.number().int().min(10).default(32),
    initialOutFeatures: z.number().int().positive().default(2),
    masking: z.boolean().default(true),
    seed: z.number().int().default(0),
  })
  .strict();
export type MtSimpleCnnOptions = z.input<typeof mtSimpleCnnOptionsSchema>;

/** Avalanche's MTSimpleCNN: SimpleCNN's features (64) then `classifier` = MultiHeadClassifier(64). */
export class MTSimpleCNN extends BaseModel {
  readonly name = 'MTSimpleCNN';
  readonly inputShape: readonly number[];
  protected readonly headName = 'classifier';

  constructor(options: MtSimpleCnnOptions = {}) {
    const opts = parseWithSchema(mtSimpleCnnOptionsSchema, options, 'MTSimpleCNN options');
    super(opts.seed);
    this.inputShape = [opts.inputSize, opts.inputSize, opts.inputChannels];
    const rng = new Rng(opts.seed);
    this.registerModule('features', simpleCnnFeatures(opts.inputChannels, rng));
    this.registerModule(
      'classifier',
      new MultiHeadClassifier({ inFeatures: 64, initialOutFeatures: opts.initialOutFeatures, masking: opts.masking, seed: rng.nextUint32() >>> 1 }),
    );
  }

  get classifier(): MultiHeadClassifier {
    return this.child<MultiHeadClassifier>('classifier');
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.child('features').call(x, ctx) as tf.Tensor2D;
  }

  protected featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    return this.child('features').toLayers(input, ex, 'features.');
  }
}
