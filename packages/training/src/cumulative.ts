import {
  CheckpointError,
  type ClassificationDataset,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
  type Experience,
} from '@avalanche-ts/core';
import { SupervisedTemplate } from './supervised-template.js';
import type { StrategyOptions } from './strategy-options.js';

/** Options of {@link cumulative}. */
export interface CumulativeOptions {
  /**
   * The training stream, needed only to resume from a checkpoint: the plugin stores which experiences it
   * has seen (never their data) and takes their datasets from this stream again.
   */
  readonly trainStream?: Iterable<Experience>;
}

/**
 * Avalanche's `Cumulative` as a plugin: after the train dataset adaptation it replaces the adapted dataset
 * with the concatenation (an index view, no copy) of every experience's training data seen so far.
 */
export class CumulativePlugin implements StrategyPlugin {
  readonly name = 'CumulativePlugin';
  private datasets: ClassificationDataset[] = [];
  private seen: Array<{ streamName: string; index: number }> = [];

  constructor(private readonly options: CumulativeOptions = {}) {}

  afterTrainDatasetAdaptation(context: StrategyContext, controls: StrategyControls): void {
    const current = context.adaptedDataset!;
    this.datasets.push(current);
    this.seen.push({ streamName: context.experience!.streamName, index: context.experience!.currentExperience });
    if (this.datasets.length > 1) controls.setAdaptedDataset(this.datasets[0].concat(...this.datasets.slice(1)));
  }

  stateDict(): StateDict {
    return { seen: this.seen.map((s) => ({ streamName: s.streamName, index: s.index })) };
  }

  loadStateDict(state: StateDict): void {
    const seen = state.seen as Array<{ streamName: string; index: number }>;
    if (seen.length > 0 && this.options.trainStream === undefined) {
      throw new CheckpointError('CumulativePlugin: resuming needs the `trainStream` option to recover the datasets of past experiences');
    }
    const byIndex = new Map<number, Experience>();
    if (this.options.trainStream) for (const exp of this.options.trainStream) byIndex.set(exp.currentExperience, exp);
    this.datasets = seen.map((s) => {
      const exp = byIndex.get(s.index);
      if (exp === undefined) throw new CheckpointError(`CumulativePlugin: experience ${s.index} of stream "${s.streamName}" is not in the trainStream option`);
      return exp.dataset.train();
    });
    this.seen = seen.map((s) => ({ ...s }));
  }
}

/**
 * Avalanche's `Cumulative`: at each experience it trains on the union of all the experiences seen so far
 * (an upper bound for replay methods at the cost of growing data).
 */
export function cumulative(options: StrategyOptions & CumulativeOptions): SupervisedTemplate {
  return new SupervisedTemplate({ ...options, plugins: [...(options.plugins ?? []), new CumulativePlugin(options)] });
}
