import { ValidationError, type Experience, type StateDict, type StrategyContext } from '@avalanche-ts/core';
import { resolverOf, sourceKeyOf, storageContext, type DatasetResolver, type StoragePolicy } from './storage-policy.js';

export { sourcesSchema } from './replay-option-fields.js';

/**
 * A storage policy together with what a plugin needs to checkpoint it: the datasets of the experiences
 * it has seen (so a restored buffer can point back into them) and an optional `sources` resolver for a
 * fresh process. Shared by the replay-family plugins (Replay, GDumb, IL2M, ER-ACE, ER-AML, MIR, CoPE, RAR,
 * SCR), the meta-learning replay buffer and the memory-based prototype updates.
 */
export class ReplayMemory<P extends StoragePolicy = StoragePolicy> {
  private readonly seen = new Map<string, Experience['dataset']>();
  private readonly sources: DatasetResolver | undefined;

  constructor(
    readonly policy: P,
    sources?: Iterable<Experience> | DatasetResolver,
  ) {
    this.sources = resolverOf(sources);
  }

  get length(): number {
    return this.policy.length;
  }

  /** Offers the experience's samples to the policy (with the run's Rng). */
  update(experience: Experience, context: StrategyContext): void {
    this.seen.set(sourceKeyOf(experience), experience.dataset);
    this.policy.update(experience, storageContext(context));
  }

  /** Resolves a source key to its dataset: seen in this process, or from `sources`. */
  resolve(key: string): Experience['dataset'] | undefined {
    return this.seen.get(key) ?? this.sources?.(key);
  }

  stateDict(): StateDict {
    return this.policy.stateDict();
  }

  loadStateDict(state: unknown, where: string): void {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      throw new ValidationError(`${where}: expected a storage record, got ${JSON.stringify(state)}`);
    }
    this.policy.loadStateDict(state as StateDict, (key) => this.resolve(key));
  }
}
