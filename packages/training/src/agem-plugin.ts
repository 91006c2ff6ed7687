import type { Experience, NamedGradients, StateDict, StrategyContext, StrategyPlugin } from '@avalanche-ts/core';
import { AgemProjector, type AgemOptions } from './agem-projector.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { resolverOf, sourceKeyOf, type DatasetResolver } from './storage-policy.js';
import type { Criterion } from './strategy-options.js';

/** A-GEM plugin options: the projector's, the loss of the reference gradient (default cross-entropy) and the sources of a restored memory. */
export type AgemPluginOptions = AgemOptions & {
  criterion?: Criterion;
  /** Experiences (e.g. the train stream) whose datasets a restored memory points into; needed to resume from a checkpoint. */
  sources?: Iterable<Experience> | DatasetResolver;
};

/**
 * The {@link AgemProjector} as a plugin (Avalanche's `AGEMPlugin`): g_ref at `beforeTrainingIteration`,
 * the projection between computing and applying gradients, the memory update at `afterTrainingExp`.
 */
export class AgemPlugin implements StrategyPlugin {
  readonly name = 'AGEMPlugin';
  readonly projector: AgemProjector;
  private readonly criterion: Criterion;
  private readonly sources: DatasetResolver | undefined;
  private readonly seen = new Map<string, Experience['dataset']>();

  constructor(options: AgemPluginOptions) {
    const { criterion, sources, ...rest } = options;
    this.projector = new AgemProjector(rest);
    this.criterion = criterion ?? crossEntropyLoss;
    this.sources = resolverOf(sources);
  }

  beforeTrainingIteration(context: StrategyContext): void {
    this.projector.computeReference(context.model, (output, batch) => this.criterion(output, batch.y, context), context.rng);
  }

  editGradients(_context: StrategyContext, gradients: NamedGradients): NamedGradients | undefined {
    return this.projector.project(gradients);
  }

  afterTrainingIteration(): void {
    this.projector.clearReference();
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

/** An {@link AgemPlugin}: `agemPlugin({ patternsPerExp: 256, sampleSize: 256 })`. */
export function agemPlugin(options: AgemPluginOptions): AgemPlugin {
  return new AgemPlugin(options);
}
