import * as tf from '@tensorflow/tfjs';
import { CheckpointError, type StateDict, type StateValue, type StrategyContext, type StrategyPlugin } from '@avalanche-ts/core';
import type { SupervisedTemplate } from './supervised-template.js';

export interface TrainGeneratorAfterExpOptions {
  /** The strategy training the generator (e.g. `vaeTraining(...)` with a `GenerativeReplayPlugin`). */
  readonly generatorStrategy: SupervisedTemplate;
  /** Free the generator strategy and its model in `dispose()` (the `generativeReplay` factory owns its default VAE). */
  readonly disposeGenerator?: boolean;
}

/**
 * Avalanche's `TrainGeneratorAfterExpPlugin`: after the solver has learned an experience, the generator
 * strategy trains on the same experience (through its own `GenerativeReplayPlugin`, so the generator also
 * replays its earlier samples). Its state (generator weights, optimizer, plugins) goes into checkpoints.
 */
export class TrainGeneratorAfterExpPlugin implements StrategyPlugin {
  readonly name = 'TrainGeneratorAfterExpPlugin';
  readonly generatorStrategy: SupervisedTemplate;
  private readonly disposeGenerator: boolean;

  constructor(options: TrainGeneratorAfterExpOptions) {
    this.generatorStrategy = options.generatorStrategy;
    this.disposeGenerator = options.disposeGenerator ?? false;
  }

  async afterTrainingExp(context: StrategyContext): Promise<void> {
    if (context.experience !== undefined) await this.generatorStrategy.train(context.experience);
  }

  async stateDict(): Promise<StateDict> {
    const g = this.generatorStrategy;
    const plugins: Record<string, StateValue> = {};
    for (const p of g.plugins) if (typeof p.stateDict === 'function') plugins[p.name] = await p.stateDict();
    // State dicts hand out clones: the caller frees them.
    return cloneTensors({ model: g.model.stateDict(), optimizer: g.optimizer.stateDict(), plugins, rng: [...g.rng.getState()] }) as StateDict;
  }

  async loadStateDict(state: StateDict): Promise<void> {
    const g = this.generatorStrategy;
    const model = state.model as Record<string, tf.Tensor> | undefined;
    const plugins = state.plugins as Record<string, StateDict> | undefined;
    if (model === undefined || typeof model !== 'object' || !Object.values(model).every((t) => t instanceof tf.Tensor)) {
      throw new CheckpointError('TrainGeneratorAfterExpPlugin state.model: expected a record of tensors');
    }
    g.model.loadStateDict(model);
    g.syncOptimizer();
    g.optimizer.loadStateDict(state.optimizer as StateDict);
    for (const p of g.plugins) {
      const saved = plugins?.[p.name];
      if (saved !== undefined) await p.loadStateDict?.(saved);
    }
    g.rng.setState(state.rng as [number, number, number, number]);
  }

  dispose(): void {
    if (!this.disposeGenerator) return;
    this.generatorStrategy.dispose();
    this.generatorStrategy.model.dispose();
  }
}

function cloneTensors(value: StateValue): StateValue {
  if (value instanceof tf.Tensor) return value.clone();
  if (Array.isArray(value)) return value.map((v: StateValue) => cloneTensors(v));
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneTensors(v as StateValue)]));
  }
  return value;
}

/** A {@link TrainGeneratorAfterExpPlugin}. */
export function trainGeneratorAfterExpPlugin(options: TrainGeneratorAfterExpOptions): TrainGeneratorAfterExpPlugin {
  return new TrainGeneratorAfterExpPlugin(options);
}
