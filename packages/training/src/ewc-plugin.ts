import type * as tf from '@tensorflow/tfjs';
import type { StateDict, StrategyContext, StrategyPlugin } from '@avalanche-ts/core';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { EwcRegularizer, type EwcOptions } from './ewc-regularizer.js';
import type { Criterion } from './strategy-options.js';

/** EWC plugin options: the regulariser's, plus the loss whose gradients make the Fisher (default: cross-entropy, or the strategy's criterion through `ewc()`). */
export type EwcPluginOptions = EwcOptions & { criterion?: Criterion };

/**
 * The {@link EwcRegularizer} as a plugin (Avalanche's `EWCPlugin`): the penalty joins the loss inside
 * the gradient closure; after each experience the Fisher and θ* are computed on the experience's data
 * with minibatches of `trainMbSize`.
 */
export class EwcPlugin implements StrategyPlugin {
  readonly name = 'EWCPlugin';
  readonly regularizer: EwcRegularizer;
  private readonly criterion: Criterion;

  constructor(options: EwcPluginOptions) {
    const { criterion, ...rest } = options;
    this.regularizer = new EwcRegularizer(rest);
    this.criterion = criterion ?? crossEntropyLoss;
  }

  lossTerm(context: StrategyContext): tf.Scalar | undefined {
    return this.regularizer.penalty(context.model);
  }

  afterTrainingExp(context: StrategyContext): void {
    if (context.experience === undefined) return;
    this.regularizer.consolidate(context.model, context.experience.dataset, context.clock.trainExpCounter, {
      batchSize: context.trainMbSize,
      loss: (output, batch) => this.criterion(output, batch.y, context),
    });
  }

  stateDict(): StateDict {
    return this.regularizer.stateDict();
  }

  loadStateDict(state: StateDict): void {
    this.regularizer.loadStateDict(state);
  }

  dispose(): void {
    this.regularizer.dispose();
  }
}

/** An {@link EwcPlugin}: `ewcPlugin({ ewcLambda: 100 })` or `ewcPlugin({ ewcLambda: 100, mode: 'online', decayFactor: 0.9 })`. */
export function ewcPlugin(options: EwcPluginOptions): EwcPlugin {
  return new EwcPlugin(options);
}
