import * as tf from '@tensorflow/tfjs';
import type { StateDict, StrategyContext, StrategyControls, StrategyPlugin } from '@avalanche-ts/core';
import { SupervisedTemplate } from './supervised-template.js';
import type { StrategyOptions } from './strategy-options.js';

/** Options of {@link fromScratchTraining}. */
export interface FromScratchTrainingOptions {
  /** Also drop the optimizer's state before each experience (Avalanche's default true). */
  readonly resetOptimizer?: boolean;
}

/**
 * Avalanche's `FromScratchTrainingPlugin`: keeps a copy of the model's initial weights and buffers and restores
 * them before each training experience (before the model adaptation, so a grown classifier keeps its new units
 * freshly initialised), then resets the optimizer state. Parameters whose shape changed since the copy was
 * taken (grown by adaptation) keep their current values.
 */
export class FromScratchTrainingPlugin implements StrategyPlugin {
  readonly name = 'FromScratchTrainingPlugin';
  private initial: Record<string, tf.Tensor> | undefined;

  constructor(private readonly options: FromScratchTrainingOptions = {}) {}

  beforeTraining(context: StrategyContext): void {
    this.initial ??= copyState(context.model.stateDict());
  }

  beforeTrainDatasetAdaptation(context: StrategyContext, controls: StrategyControls): void {
    if (!context.isTraining || this.initial === undefined) return;
    const current = context.model.stateDict();
    const restored: Record<string, tf.Tensor> = {};
    for (const [name, t] of Object.entries(current)) {
      const init = this.initial[name];
      restored[name] = init !== undefined && tf.util.arraysEqual(init.shape, t.shape) ? init : t;
    }
    context.model.loadStateDict(restored);
    if (this.options.resetOptimizer ?? true) controls.resetOptimizer();
  }

  stateDict(): StateDict {
    return { initial: this.initial ?? null };
  }

  loadStateDict(state: StateDict): void {
    const saved = state.initial as Record<string, tf.Tensor> | null;
    // Copy before freeing the current state: `state` may be this plugin's own stateDict().
    const copy = saved === null ? undefined : copyState(saved);
    this.dispose();
    this.initial = copy;
  }

  dispose(): void {
    if (this.initial) for (const t of Object.values(this.initial)) t.dispose();
    this.initial = undefined;
  }
}

function copyState(state: Readonly<Record<string, tf.Tensor>>): Record<string, tf.Tensor> {
  return Object.fromEntries(Object.entries(state).map(([k, t]) => [k, tf.keep(t.clone())]));
}

/**
 * Avalanche's `FromScratchTraining`: re-initialises the model (to its weights when training started) before
 * every experience, so each experience is learned alone; a reference point for transfer.
 */
export function fromScratchTraining(options: StrategyOptions & FromScratchTrainingOptions): SupervisedTemplate {
  return new SupervisedTemplate({ ...options, plugins: [...(options.plugins ?? []), new FromScratchTrainingPlugin(options)] });
}
