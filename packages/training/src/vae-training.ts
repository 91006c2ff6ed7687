import type * as tf from '@tensorflow/tfjs';
import { StrategyError, ValidationError, type ForwardOptions, type StrategyContext } from '@avalanche-ts/core';
import { vaeLoss, type VaeOutput } from '@avalanche-ts/models';
import type { Criterion, StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/** A variational autoencoder as the VAE criterion needs it (`MlpVAE` of `@avalanche-ts/models` is one). */
export interface VaeModel {
  vaeForward(x: tf.Tensor, options?: ForwardOptions): VaeOutput;
}

function isVae(model: unknown): model is VaeModel {
  return typeof (model as VaeModel).vaeForward === 'function';
}

/**
 * Avalanche's `VAE_loss` as a criterion: it ignores the classifier output and the targets, runs the VAE on
 * the minibatch's inputs (the reparameterisation noise seeded from the strategy's Rng) and returns
 * Σ (x̂ − x)² + ½ Σ (−1 − log σ² + σ² + μ²).
 */
export const vaeCriterion: Criterion = (_output, _targets, context: StrategyContext) => {
  const model = context.model;
  const mb = context.minibatch;
  if (!isVae(model)) throw new StrategyError(`vaeCriterion needs a model with vaeForward (e.g. MlpVAE), got "${model.name}"`);
  if (mb === undefined) throw new StrategyError('vaeCriterion called without a minibatch');
  return vaeLoss(mb.x, model.vaeForward(mb.x, { seed: context.rng.nextSeed() }));
};

/**
 * Avalanche's `VAETraining`: the supervised template used to train a VAE generator (its criterion is
 * {@link vaeCriterion}, so labels are ignored). With a `GenerativeReplayPlugin` and no generator strategy,
 * it replays the VAE's own samples; `generativeReplay` builds one as its default generator strategy.
 * The template's forward pass through the VAE's classification head also runs, for evaluation hooks.
 */
export function vaeTraining(options: StrategyOptions): SupervisedTemplate {
  if (!isVae(options.model)) throw new ValidationError(`vaeTraining options.model: expected a model with vaeForward (e.g. MlpVAE), got "${String(options.model?.name)}"`);
  return new SupervisedTemplate({ ...options, criterion: options.criterion ?? vaeCriterion });
}
