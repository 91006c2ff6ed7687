import * as tf from '@tensorflow/tfjs';
import { Rng, parseWithSchema, type ForwardOptions } from '@avalanche-ts/core';
import { z } from 'zod';
import { Activation } from './activation.js';
import { BaseModel } from './base-model.js';
import { BatchNorm1d } from './batch-norm-2d.js';
import { Flatten } from './flatten.js';
import type { LayersExport } from './layers-export.js';
import { Linear } from './linear.js';
import { forwardContext, type ForwardContext } from './module.js';
import { Sequential } from './sequential.js';

export const mlpVaeOptionsSchema = z
  .object({
    /** Shape of one sample, channels last (e.g. [28, 28, 1]). */
    shape: z.array(z.number().int().positive()).min(1),
    /** Latent dimension. */
    nhid: z.number().int().positive().default(16),
    nClasses: z.number().int().positive().default(10),
    seed: z.number().int().default(0),
  })
  .strict();
export type MlpVaeOptions = z.input<typeof mlpVaeOptionsSchema>;

/** The VAE's output for a batch: reconstruction (sample shape), posterior mean and log-variance. */
export interface VaeOutput {
  readonly reconstruction: tf.Tensor;
  readonly mean: tf.Tensor2D;
  readonly logvar: tf.Tensor2D;
}

/** Avalanche's generator.MLP: Linear_i, then BatchNorm_i + ReLU_i except after the last layer unless lastActivation. */
function vaeMlp(sizes: number[], lastActivation: boolean, rng: Rng): Sequential {
  const mlp = new Sequential();
  for (let i = 0; i < sizes.length - 1; i++) {
    mlp.append([`Linear_${i}`, new Linear(sizes[i], sizes[i + 1], rng)]);
    if (i < sizes.length - 2 || lastActivation) {
      mlp.append([`BatchNorm_${i}`, new BatchNorm1d(sizes[i + 1])]).append([`ReLU_${i}`, new Activation('relu')]);
    }
  }
  return new Sequential([['mlp', mlp]]);
}

/** MNIST normalisation that Avalanche's decoder applies to its sigmoid output. */
const MNIST_MEAN = 0.1307;
const MNIST_STD = 0.3081;

/**
 * Avalanche's MlpVAE (generative replay, van de Ven & Tolias 2018): `encoder` = Flatten, Linear(d, 400),
 * BN, LeakyReLU, MLP[400→128] (128 features); `calc_mean`, `calc_logvar` = Linear(128, nhid);
 * `classification` = Linear(128, nClasses) (the head `forward` returns, so the model is a classifier
 * too); `decoder` = MLP[nhid→64→128→256→d], Sigmoid, then (x - 0.1307) / 0.3081 as Avalanche.
 * The reparameterisation is z = mean + eps * exp(logvar / 2) (Avalanche writes 0.5 * exp(logvar),
 * which does not match the KL term of its own loss).
 */
export class MlpVAE extends BaseModel {
  readonly name = 'MlpVAE';
  readonly inputShape: readonly number[];
  protected readonly headName = 'classification';
  readonly nhid: number;

  constructor(options: MlpVaeOptions) {
    const opts = parseWithSchema(mlpVaeOptionsSchema, options, 'MlpVAE options');
    super(opts.seed);
    this.inputShape = opts.shape;
    this.nhid = opts.nhid;
    const flat = opts.shape.reduce((a, b) => a * b, 1);
    const rng = new Rng(opts.seed);
    const encode = new Sequential([new Flatten(), new Linear(flat, 400, rng), new BatchNorm1d(400), new Activation('leakyRelu'), vaeMlp([400, 128], true, rng)]);
    this.registerModule('encoder', new Sequential([['encode', encode]]));
    this.registerModule('calc_mean', vaeMlp([128, opts.nhid], false, rng));
    this.registerModule('calc_logvar', vaeMlp([128, opts.nhid], false, rng));
    this.registerModule('classification', vaeMlp([128, opts.nClasses], false, rng));
    this.registerModule('decoder', new Sequential([['decode', new Sequential([vaeMlp([opts.nhid, 64, 128, 256, flat], false, rng), new Activation('sigmoid')])]]));
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.child('encoder').call(x, ctx) as tf.Tensor2D;
  }

  protected featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    return this.child('encoder').toLayers(input, ex, 'encoder.');
  }

  /** Encoder, posterior, a reparameterised sample (noise from `seed`) and the reconstruction. */
  vaeForward(x: tf.Tensor, options: ForwardOptions = {}): VaeOutput {
    return tf.tidy(() => {
      const ctx = forwardContext(new Rng(options.seed ?? 0));
      const h = this.extractFeatures(x, ctx);
      const mean = this.child('calc_mean').call(h, ctx) as tf.Tensor2D;
      const logvar = this.child('calc_logvar').call(h, ctx) as tf.Tensor2D;
      const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', ctx.nextSeed());
      const z = tf.add(mean, tf.mul(eps, tf.exp(tf.mul(logvar, 0.5)))) as tf.Tensor2D;
      return { reconstruction: this.decodeWith(z, ctx), mean, logvar };
    });
  }

  /** Decodes latent codes [n, nhid] to samples [n, ...shape]. */
  decode(z: tf.Tensor2D): tf.Tensor {
    return tf.tidy(() => this.decodeWith(z, forwardContext(new Rng(0))));
  }

  /** `n` samples from the prior N(0, I) decoded (Avalanche's `generate`); same seed, same samples. */
  generate(n: number, seed: number): tf.Tensor {
    return tf.tidy(() => this.decode(tf.randomNormal([n, this.nhid], 0, 1, 'float32', seed)));
  }

  private decodeWith(z: tf.Tensor2D, ctx: ForwardContext): tf.Tensor {
    const out = this.child('decoder').call(z, ctx);
    return tf.div(tf.sub(out, MNIST_MEAN), MNIST_STD).reshape([z.shape[0], ...this.inputShape]);
  }
}

/**
 * Avalanche's VAE_loss: sum of squared reconstruction errors plus the KL divergence of N(mean, exp(logvar))
 * from N(0, I): sum (x̂ - x)^2 + 0.5 * sum(-1 - logvar + exp(logvar) + mean^2).
 */
export function vaeLoss(x: tf.Tensor, output: VaeOutput): tf.Scalar {
  return tf.tidy(() => {
    const reconstruction = tf.sum(tf.squaredDifference(output.reconstruction, x.reshape(output.reconstruction.shape)));
    const kl = tf.mul(0.5, tf.sum(tf.add(tf.sub(tf.neg(output.logvar), 1), tf.add(tf.exp(output.logvar), tf.square(output.mean)))));
    return tf.add(reconstruction, kl) as tf.Scalar;
  });
}
