import type * as tf from '@tensorflow/tfjs';
import type { StateDict, StrategyContext, StrategyPlugin } from '@avalanche-ts/core';
import { LearningWithoutForgetting, type LwfOptions } from './lwf-distillation.js';

/**
 * {@link LearningWithoutForgetting} as a plugin (Avalanche's `LwFPlugin`): the distillation term joins the
 * loss inside the gradient closure, and the teacher is refreshed after each experience.
 */
export class LwfPlugin implements StrategyPlugin {
  readonly name = 'LwFPlugin';
  readonly regularizer: LearningWithoutForgetting;

  constructor(options: LwfOptions = {}) {
    this.regularizer = new LearningWithoutForgetting(options);
  }

  /** A teacher restored from a checkpoint is rebuilt here, before the model grows for the next experience. */
  beforeTraining(context: StrategyContext): void {
    this.regularizer.materializeTeacher(context.model);
  }

  lossTerm(context: StrategyContext): tf.Scalar | undefined {
    const mb = context.minibatch;
    if (mb === undefined || context.mbOutput === undefined) return undefined;
    return this.regularizer.penalty(mb.x, context.mbOutput, mb.taskLabels, context.model);
  }

  afterTrainingExp(context: StrategyContext): void {
    if (context.experience !== undefined) this.regularizer.update(context.experience, context.model);
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

/** A {@link LwfPlugin}: `lwfPlugin({ alpha: 1, temperature: 2 })`. */
export function lwfPlugin(options: LwfOptions = {}): LwfPlugin {
  return new LwfPlugin(options);
}
