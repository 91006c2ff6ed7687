import { z } from 'zod';
import {
  ValidationError,
  parseWithSchema,
  type Experience,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { ExperienceBalancedBuffer } from './experience-balanced-buffer.js';
import { ReplayDataLoader } from './replay-data-loader.js';
import { resolverOf, sourceKeyOf, type DatasetResolver, type StorageContext, type StoragePolicy } from './storage-policy.js';

const isStoragePolicy = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as StoragePolicy).update === 'function' && typeof (v as StoragePolicy).maxSize === 'number';

export const replayOptionsSchema = z
  .object({
    /** Replay memory size in samples (default 200, or the storage policy's `maxSize`). */
    memSize: z.number().int().nonnegative().optional(),
    /** Current-data samples per minibatch (default: the strategy's `trainMbSize`). */
    batchSize: z.number().int().positive().optional(),
    /** Memory samples per minibatch (default: the strategy's `trainMbSize`). */
    batchSizeMem: z.number().int().positive().optional(),
    /** Which samples to keep (default `new ExperienceBalancedBuffer({ maxSize: memSize })`). */
    storagePolicy: z.custom<StoragePolicy>(isStoragePolicy, { message: 'expected a StoragePolicy (e.g. new ClassBalancedBuffer({ maxSize }))' }).optional(),
    /** Experiences (e.g. the train stream) whose datasets a restored buffer points into; needed to resume from a checkpoint. */
    sources: z.custom<Iterable<Experience> | DatasetResolver>((v) => typeof v === 'function' || (typeof v === 'object' && v !== null && Symbol.iterator in v), {
      message: 'expected a stream, an array of experiences or a function key => dataset',
    }).optional(),
  })
  .strict();
export type ReplayOptions = z.input<typeof replayOptionsSchema>;

/**
 * Experience replay (Chaudhry et al. 2019, "On Tiny Episodic Memories in Continual Learning"), as
 * Avalanche's `ReplayPlugin`: after each experience the storage policy updates the memory; from the
 * second experience on, each minibatch is `batchSize` current samples plus `batchSizeMem` memory samples
 * (a {@link ReplayDataLoader}), so the loss is the mean cross-entropy over both:
 * L = (1/(B+B_mem)) · Σ_{(x,y) ∈ batch ∪ memory batch} ℓ(f(x), y).
 */
export class ReplayPlugin implements StrategyPlugin {
  readonly name = 'ReplayPlugin';
  readonly storagePolicy: StoragePolicy;
  private readonly batchSize: number | undefined;
  private readonly batchSizeMem: number | undefined;
  private readonly sources: DatasetResolver | undefined;
  private readonly seen = new Map<string, Experience['dataset']>();

  constructor(options: ReplayOptions = {}) {
    const o = parseWithSchema(replayOptionsSchema, options, 'replay options');
    if (o.storagePolicy && o.memSize !== undefined && o.storagePolicy.maxSize !== o.memSize) {
      throw new ValidationError(`replay options: memSize ${o.memSize} differs from storagePolicy.maxSize ${o.storagePolicy.maxSize}`);
    }
    this.storagePolicy = o.storagePolicy ?? new ExperienceBalancedBuffer({ maxSize: o.memSize ?? 200 });
    this.batchSize = o.batchSize;
    this.batchSizeMem = o.batchSizeMem;
    this.sources = resolverOf(o.sources);
  }

  beforeTrainingExp(context: StrategyContext, controls: StrategyControls): void {
    const memory = this.storagePolicy.buffer;
    // First experience: nothing to replay, the template's own loader stays.
    if (memory === undefined || memory.length === 0 || context.adaptedDataset === undefined) return;
    controls.setDataLoader(
      new ReplayDataLoader(context.adaptedDataset, memory, {
        batchSize: this.batchSize ?? context.trainMbSize,
        batchSizeMem: this.batchSizeMem ?? context.trainMbSize,
        rng: context.rng,
      }),
    );
  }

  afterTrainingExp(context: StrategyContext): void {
    const experience = context.experience;
    if (experience === undefined) return;
    this.seen.set(sourceKeyOf(experience), experience.dataset);
    this.storagePolicy.update(experience, storageContext(context));
  }

  stateDict(): StateDict {
    return { storage: this.storagePolicy.stateDict() };
  }

  loadStateDict(state: StateDict): void {
    const storage = state.storage;
    if (storage === null || typeof storage !== 'object' || Array.isArray(storage)) {
      throw new ValidationError(`ReplayPlugin state: expected a "storage" record, got ${JSON.stringify(storage)}`);
    }
    this.storagePolicy.loadStateDict(storage as StateDict, (key) => this.seen.get(key) ?? this.sources?.(key));
  }
}

/** What a storage policy may read from the strategy context. */
export function storageContext(context: StrategyContext): StorageContext {
  return { rng: context.rng, model: context.model, evalMbSize: context.evalMbSize };
}

/** A {@link ReplayPlugin}: `replayPlugin({ memSize: 500 })`. */
export function replayPlugin(options: ReplayOptions = {}): ReplayPlugin {
  return new ReplayPlugin(options);
}
