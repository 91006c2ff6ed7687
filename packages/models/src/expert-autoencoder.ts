import * as tf from '@tensorflow/tfjs';
import { Rng, parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { Activation } from './activation.js';
import { BaseModel } from './base-model.js';
import { Flatten } from './flatten.js';
import type { LayersExport } from './layers-export.js';
import { Linear } from './linear.js';
import type { ForwardContext } from './module.js';
import { Sequential } from './sequential.js';

export const expertAutoencoderOptionsSchema = z
  .object({
    /** Shape of one input sample, channels last (e.g. [28, 28, 1]). */
    shape: z.array(z.number().int().positive()).min(1),
    /** Width of the code (Avalanche's `latent_dim`; ExpertGate's default 100). */
    latentDim: z.number().int().positive().default(100),
    seed: z.number().int().default(0),
  })
  .strict();
export type ExpertAutoencoderOptions = z.input<typeof expertAutoencoderOptionsSchema>;

/**
 * Avalanche's `ExpertAutoencoder` (Aljundi et al., CVPR 2017, "Expert Gate"): the input is preprocessed as
 * t(x) = sigmoid(flatten(x)), encoded by `encoder` = [Flatten, Linear(d, latentDim), ReLU] and decoded by
 * `decoder` = [Linear(latentDim, d), Sigmoid]; `forward` returns the reconstruction [n, d] and
 * {@link reconstructionError} gives Σ_j (x̂_j − t(x)_j)² per sample (Avalanche's `AE_loss`, a summed MSE).
 * Avalanche preprocesses with the features of a frozen ImageNet-pretrained AlexNet, which TensorFlow.js
 * cannot provide here; the sigmoid of the raw input takes its place (features of any frozen model can be
 * fed as the input instead).
 */
export class ExpertAutoencoder extends BaseModel {
  readonly name = 'ExpertAutoencoder';
  readonly inputShape: readonly number[];
  protected readonly headName = 'decoder';
  readonly latentDim: number;

  constructor(options: ExpertAutoencoderOptions) {
    const o = parseWithSchema(expertAutoencoderOptionsSchema, options, 'ExpertAutoencoder options');
    super(o.seed);
    this.inputShape = o.shape;
    this.latentDim = o.latentDim;
    const d = o.shape.reduce((a, b) => a * b, 1);
    const rng = new Rng(o.seed);
    this.registerModule('encoder', new Sequential([new Flatten(), new Linear(d, o.latentDim, rng), new Activation('relu')]));
    this.registerModule('decoder', new Sequential([new Linear(o.latentDim, d, rng), new Activation('sigmoid')]));
  }

  /** The reconstruction target t(x) = sigmoid(flatten(x)), [n, d]. */
  target(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(x.reshape([x.shape[0], -1])) as tf.Tensor2D);
  }

  /** Σ_j (x̂_j − t(x)_j)² for each sample, [n] (differentiable; eval-mode use needs no seed). */
  reconstructionError(x: tf.Tensor): tf.Tensor1D {
    return tf.tidy(() => tf.sum(tf.squaredDifference(this.forward(x), this.target(x)), 1) as tf.Tensor1D);
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.child('encoder').call(tf.sigmoid(x.reshape([x.shape[0], -1])), ctx) as tf.Tensor2D;
  }

  protected featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    const flat = input.shape.length > 2 ? ex.apply(tf.layers.flatten({ name: ex.layerName('encoder.', '_input_flatten') }), input) : input;
    const squashed = ex.apply(tf.layers.activation({ activation: 'sigmoid', name: ex.layerName('encoder.', '_input_sigmoid') }), flat);
    return this.child('encoder').toLayers(squashed, ex, 'encoder.');
  }
}
