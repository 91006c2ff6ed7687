import type { Experience, NamedGradients, StateDict, StrategyContext, StrategyPlugin } from '@avalanche-ts/core';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { GemProjector, type GemOptions } from './gem-projector.js';
import { resolverOf, sourceKeyOf, type DatasetResolver } from './storage-policy.js';
import type { Criterion } from './strategy-options.js';

/** GEM plugin options: the projector's, the loss of the reference gradients (default cross-entropy) and the sources of a restored memory. */
export type GemPluginOptions = GemOptions & {
  criterion?: Criterion;
  /** Experiences (e.g. the train stream) whose datasets a restored memory points into; needed to resume from a checkpoint. */
  sources?: Iterable<Experience> | DatasetResolver;
};

/**
 * The {@link GemProjector} as a plugin (Avalanche's `GEMPlugin`): reference gradients at
 * `beforeTrainingIteration`, the QP projection between computing and applying gradients, the memory
 * update at `afterTrainingExp`.
 */
export class GemPlugin implements StrategyPlugin {
  readonly name = 'GEMPlugin';
  readonly projector: GemProjector;
  private readonly criterion: Criterion;
  private readonly sources: DatasetResolver | undefined;
  private readonly seen = new Map<string, Experience['dataset']>();

  constructor(options: GemPluginOptions) {
    const { criterion, sources, ...rest } = options;
    this.projector = new GemProjector(rest);
    this.criterion = criterion ?? crossEntropyLoss;
    this.sources = resolverOf(sources);
  }

  beforeTrainingIteration(context: StrategyContext): void {
    this.projector.computeReferences(context.model, (output, batch) => this.criterion(output, batch.y, context), context.rng);
  }

  editGradients(_context: StrategyContext, gradients: NamedGradients): NamedGradients | undefined {
    return this.projector.project(gradients);
  }

  afterTrainingIteration(): void {
    this.projector.clearReferences();
  }

  afterTrainingExp(context: StrategyContext): void {
    if (context.experience === undefined) return;
    this.seen.set(sourceKeyOf(context.experience), context.experience.dataset);
    this.projector.updateMemory(context.experience, context.rng);
  }

  stateDict(): StateDict {
    return this.projector.stateDict();
  }

  loadStateDict(state: StateDict): void {
    this.projector.loadStateDict(state, (key) => this.seen.get(key) ?? this.sources?.(key));
  }

  dispose(): void {
    this.projector.dispose();
  }
}

/** A {@link GemPlugin}: `gemPlugin({ patternsPerExp: 256, memoryStrength: 0.5 })`. */
export function gemPlugin(options: GemPluginOptions): GemPlugin {
  return new GemPlugin(options);
}
