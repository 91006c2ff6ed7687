import type * as tf from '@tensorflow/tfjs';
import type { StateDict, StrategyContext, StrategyPlugin } from '@avalanche-ts/core';
import { SynapticIntelligenceRegularizer, type SynapticIntelligenceOptions } from './synaptic-intelligence-regularizer.js';

/**
 * The {@link SynapticIntelligenceRegularizer} as a plugin (Avalanche's `SynapticIntelligencePlugin`):
 * θ(start) at `beforeTrainingExp`, θ_old at `beforeTrainingIteration`, the path integral from the applied
 * gradients at `afterTrainingIteration`, the importance update at `afterTrainingExp`, and the penalty
 * inside the gradient closure.
 */
export class SynapticIntelligencePlugin implements StrategyPlugin {
  readonly name = 'SynapticIntelligencePlugin';
  readonly regularizer: SynapticIntelligenceRegularizer;

  constructor(options: SynapticIntelligenceOptions) {
    this.regularizer = new SynapticIntelligenceRegularizer(options);
  }

  beforeTrainingExp(context: StrategyContext): void {
    this.regularizer.beginExperience(context.model);
  }

  beforeTrainingIteration(context: StrategyContext): void {
    this.regularizer.beforeStep(context.model);
  }

  lossTerm(context: StrategyContext): tf.Scalar | undefined {
    return this.regularizer.penalty(context.model, context.clock.trainExpCounter);
  }

  afterTrainingIteration(context: StrategyContext): void {
    if (context.gradients !== undefined) this.regularizer.afterStep(context.model, context.gradients);
  }

  afterTrainingExp(context: StrategyContext): void {
    this.regularizer.endExperience(context.model);
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

/** A {@link SynapticIntelligencePlugin}: `synapticIntelligencePlugin({ siLambda: 1 })`. */
export function synapticIntelligencePlugin(options: SynapticIntelligenceOptions): SynapticIntelligencePlugin {
  return new SynapticIntelligencePlugin(options);
}
