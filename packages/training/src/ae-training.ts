import * as tf from '@tensorflow/tfjs';
import { StrategyError, ValidationError, type StrategyContext } from '@avalanche-ts/core';
import type { Criterion, StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/** An autoencoder as {@link aeCriterion} needs it (`ExpertAutoencoder` of `@avalanche-ts/models` is one). */
export interface AutoencoderModel {
  /** The reconstruction target of inputs `x`, shaped like the model's output. */
  target(x: tf.Tensor): tf.Tensor2D;
}

function isAutoencoder(model: unknown): model is AutoencoderModel {
  return typeof (model as AutoencoderModel).target === 'function';
}

/**
 * Avalanche's `AE_loss` as a criterion: Σ (x̂ − t(x))² over the minibatch (a summed MSE), x̂ the model's
 * output and t(x) its target for the minibatch's inputs; the class targets are ignored.
 */
export const aeCriterion: Criterion = (output, _targets, context: StrategyContext) => {
  const model = context.model;
  const mb = context.minibatch;
  if (!isAutoencoder(model)) throw new StrategyError(`aeCriterion needs a model with target(x) (e.g. ExpertAutoencoder), got "${model.name}"`);
  if (mb === undefined) throw new StrategyError('aeCriterion called without a minibatch');
  return tf.tidy(() => tf.sum(tf.squaredDifference(output, model.target(mb.x))) as tf.Scalar);
};

/**
 * Avalanche's `AETraining`: the supervised template used to train an autoencoder (ExpertGate's gates), with
 * {@link aeCriterion}. Its evaluation loss is the reconstruction error.
 */
export function aeTraining(options: StrategyOptions): SupervisedTemplate {
  if (!isAutoencoder(options.model)) throw new ValidationError(`aeTraining options.model: expected a model with target(x) (e.g. ExpertAutoencoder), got "${String(options.model?.name)}"`);
  return new SupervisedTemplate({ ...options, criterion: options.criterion ?? aeCriterion });
}
