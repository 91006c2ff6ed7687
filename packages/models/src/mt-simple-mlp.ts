import type * as tf from '@tensorflow/tfjs';
import { Rng, parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { Activation } from './activation.js';
import { BaseModel } from './base-model.js';
import { Dropout } from './dropout.js';
import type { LayersExport } from './layers-export.js';
import { Linear } from './linear.js';
import type { ForwardContext } from './module.js';
import { MultiHeadClassifier } from './multi-head-classifier.js';
import { Sequential } from './sequential.js';

export const mtSimpleMlpOptionsSchema = z
  .object({
    inputSize: z.number().int().positive().default(28 * 28),
    hiddenSize: z.number().int().positive().default(512),
    dropRate: z.number().min(0).lt(1).default(0.5),
    /** Units of each new head before it grows (Avalanche: 2). */
    initialOutFeatures: z.number().int().positive().default(2),
    masking: z.boolean().default(true),
    seed: z.number().int().default(0),
  })
  .strict();
export type MtSimpleMlpOptions = z.input<typeof mtSimpleMlpOptionsSchema>;

/**
 * Avalanche's MTSimpleMLP: `features` = [Linear(784, 512), ReLU, Dropout(0.5)], then `classifier` =
 * MultiHeadClassifier(512) with one head per task label. `forward(x, { taskLabels })` routes each
 * sample to its task's head.
 */
export class MTSimpleMLP extends BaseModel {
  readonly name = 'MTSimpleMLP';
  readonly inputShape: readonly number[];
  protected readonly headName = 'classifier';
  readonly options: Readonly<z.output<typeof mtSimpleMlpOptionsSchema>>;

  constructor(options: MtSimpleMlpOptions = {}) {
    const opts = parseWithSchema(mtSimpleMlpOptionsSchema, options, 'MTSimpleMLP options');
    super(opts.seed);
    this.options = opts;
    this.inputShape = [opts.inputSize];
    const rng = new Rng(opts.seed);
    this.registerModule('features', new Sequential([new Linear(opts.inputSize, opts.hiddenSize, rng), new Activation('relu'), new Dropout(opts.dropRate)]));
    this.registerModule(
      'classifier',
      new MultiHeadClassifier({ inFeatures: opts.hiddenSize, initialOutFeatures: opts.initialOutFeatures, masking: opts.masking, seed: rng.nextUint32() >>> 1 }),
    );
  }

  get classifier(): MultiHeadClassifier {
    return this.child<MultiHeadClassifier>('classifier');
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.child('features').call(x.reshape([x.shape[0], this.options.inputSize]), ctx) as tf.Tensor2D;
  }

  protected featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    return this.child('features').toLayers(input, ex, 'features.');
  }
}
