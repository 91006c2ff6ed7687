import type { ClassificationDataset, ContinualModel, Experience, Rng, StateDict, StrategyContext } from '@avalanche-ts/core';

/**
 * Resolves a buffer's source key (`"train/3"`: stream name and experience index) to that experience's
 * dataset. Buffers store sample indices into their sources, never sample data, so a restored buffer
 * needs the datasets back.
 */
export type DatasetResolver = (key: string) => ClassificationDataset | undefined;

/** What a storage policy may read while it updates: the run's generator, and the model for feature-based selection. */
export interface StorageContext {
  readonly rng: Rng;
  readonly model?: ContinualModel;
  /** Minibatch size for feature extraction (default 256). */
  readonly evalMbSize?: number;
}

/** What a storage policy may read from the strategy context. */
export function storageContext(context: StrategyContext): StorageContext {
  return { rng: context.rng, model: context.model, evalMbSize: context.evalMbSize };
}

/**
 * A replay memory (Avalanche's `ExemplarsBuffer` family): it decides which samples of the experiences
 * seen so far to keep, within `maxSize`. The buffer is an index view over the experiences' datasets.
 */
export interface StoragePolicy {
  readonly name: string;
  readonly maxSize: number;
  /** Number of stored samples. */
  readonly length: number;
  /** The stored samples as one dataset view, or undefined while the buffer is empty. */
  readonly buffer: ClassificationDataset | undefined;
  /** Adds the samples of a finished experience (Avalanche's `post_adapt` / `update`). */
  update(experience: Experience, context: StorageContext): void;
  /** Changes the capacity, dropping samples when it shrinks. */
  resize(newSize: number, context: StorageContext): void;
  /** Indices and weights per source key: small, with no sample data. */
  stateDict(): StateDict;
  /** Restores `stateDict()`; `resolve` gives back each source key's dataset. */
  loadStateDict(state: StateDict, resolve: DatasetResolver): void;
}

/** The key a buffer stores for an experience's dataset: `"<streamName>/<currentExperience>"`. */
export function sourceKeyOf(experience: Experience): string {
  return `${experience.streamName}/${experience.currentExperience}`;
}

/**
 * Capacity of each of `nGroups` groups (Avalanche's `BalancedExemplarsBuffer.get_group_lengths`): with
 * an adaptive size every group gets `maxSize // nGroups` and the remainder goes to the first groups;
 * otherwise each gets `maxSize // totalGroups`.
 */
export function groupLengths(maxSize: number, nGroups: number, adaptiveSize: boolean, totalGroups?: number): number[] {
  if (nGroups === 0) return [];
  if (!adaptiveSize) {
    const per = Math.floor(maxSize / (totalGroups ?? nGroups));
    return Array.from({ length: nGroups }, () => per);
  }
  const lengths = Array.from({ length: nGroups }, () => Math.floor(maxSize / nGroups));
  const rem = maxSize - lengths.reduce((a, b) => a + b, 0);
  for (let i = 0; i < rem; i++) lengths[i] += 1;
  return lengths;
}

/** A resolver over experiences (a stream, an array), built on first use; undefined passes through. */
export function resolverOf(sources: Iterable<Experience> | DatasetResolver | undefined): DatasetResolver | undefined {
  if (sources === undefined || typeof sources === 'function') return sources;
  let map: Map<string, ClassificationDataset> | undefined;
  return (key) => {
    if (map === undefined) {
      map = new Map();
      for (const exp of sources) map.set(sourceKeyOf(exp), exp.dataset);
    }
    return map.get(key);
  };
}
