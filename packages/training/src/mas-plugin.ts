import type * as tf from '@tensorflow/tfjs';
import type { StateDict, StrategyContext, StrategyPlugin } from '@avalanche-ts/core';
import { MasRegularizer, type MasOptions } from './mas-regularizer.js';

/**
 * The {@link MasRegularizer} as a plugin (Avalanche's `MASPlugin`): the penalty joins the loss inside the
 * gradient closure; after each experience Ω and θ* are updated on the experience's data with minibatches
 * of `trainMbSize`.
 */
export class MasPlugin implements StrategyPlugin {
  readonly name = 'MASPlugin';
  readonly regularizer: MasRegularizer;

  constructor(options: MasOptions = {}) {
    this.regularizer = new MasRegularizer(options);
  }

  lossTerm(context: StrategyContext): tf.Scalar | undefined {
    return this.regularizer.penalty(context.model);
  }

  afterTrainingExp(context: StrategyContext): void {
    if (context.experience !== undefined) {
      this.regularizer.consolidate(context.model, context.experience.dataset, context.trainMbSize, () => context.rng.nextSeed());
    }
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

/** A {@link MasPlugin}: `masPlugin({ lambdaReg: 1, alpha: 0.5 })`. */
export function masPlugin(options: MasOptions = {}): MasPlugin {
  return new MasPlugin(options);
}
