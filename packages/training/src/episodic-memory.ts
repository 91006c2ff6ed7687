import { z } from 'zod';
import { CheckpointError, parseWithSchema, type ClassificationDataset, type Experience, type Rng, type StateDict } from '@avalanche-ts/core';
import { resolveSource } from './indexed-samples.js';
import { sourceKeyOf, type DatasetResolver } from './storage-policy.js';

/** One experience's stored samples: indices into its dataset, and their view. */
export interface MemorySlot {
  readonly key: string;
  readonly indices: Int32Array;
  readonly dataset: ClassificationDataset;
}

const stateSchema = z.object({ keys: z.array(z.string()), indices: z.array(z.instanceof(Int32Array)) });

/**
 * The per-experience episodic memory of GEM and A-GEM: after each experience, `patternsPerExp` of its
 * samples chosen uniformly at random (a shuffle, then the first ones) are kept as an index view of its
 * dataset. Checkpoints hold only the indices.
 */
export class EpisodicMemory {
  private readonly slots: MemorySlot[] = [];

  constructor(readonly patternsPerExp: number) {}

  get experiences(): readonly MemorySlot[] {
    return this.slots;
  }

  get length(): number {
    return this.slots.length;
  }

  /** Stores a random `patternsPerExp` subset of the experience's dataset (all of it when smaller); one shuffle from `rng`. */
  add(experience: Experience, rng: Rng, transform: 'train' | 'eval' = 'train'): MemorySlot {
    const n = experience.dataset.length;
    const indices = n > this.patternsPerExp ? rng.permutation(n).slice(0, this.patternsPerExp) : Int32Array.from({ length: n }, (_, i) => i);
    const slot = this.makeSlot(sourceKeyOf(experience), indices, experience.dataset, transform);
    this.slots.push(slot);
    return slot;
  }

  stateDict(): StateDict {
    return { keys: this.slots.map((s) => s.key), indices: this.slots.map((s) => Int32Array.from(s.indices)) };
  }

  loadStateDict(state: StateDict, resolve: DatasetResolver, transform: 'train' | 'eval' = 'train'): void {
    const s = parseWithSchema(stateSchema, state, 'EpisodicMemory state');
    if (s.keys.length !== s.indices.length) throw new CheckpointError(`EpisodicMemory state: ${s.keys.length} keys but ${s.indices.length} index arrays`);
    this.slots.length = 0;
    s.keys.forEach((key, k) => this.slots.push(this.makeSlot(key, s.indices[k], resolveSource(resolve, key, 'EpisodicMemory'), transform)));
  }

  private makeSlot(key: string, indices: Int32Array, dataset: ClassificationDataset, transform: 'train' | 'eval'): MemorySlot {
    const base = transform === 'eval' ? dataset.eval() : dataset.train();
    return { key, indices, dataset: base.subset(indices) };
  }
}
