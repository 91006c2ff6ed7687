import { z } from 'zod';
import {
  ValidationError,
  parseWithSchema,
  type ClassificationDataset,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { ExperienceBalancedBuffer } from './experience-balanced-buffer.js';
import { ReplayDataLoader } from './replay-data-loader.js';
import { ReplayMemory } from './replay-memory.js';
import { checkMemSize, sourcesSchema, storagePolicySchema } from './replay-option-fields.js';
import type { StoragePolicy } from './storage-policy.js';

export { storageContext } from './storage-policy.js';

export const replayOptionsSchema = z
  .object({
    /** Replay memory size in samples (default 200, or the storage policy's `maxSize`). */
    memSize: z.number().int().nonnegative().optional(),
    /** Current-data samples per minibatch (default: the strategy's `trainMbSize`). */
    batchSize: z.number().int().positive().optional(),
    /** Memory samples per minibatch (default: the strategy's `trainMbSize`). */
    batchSizeMem: z.number().int().positive().optional(),
    /** Which samples to keep (default `new ExperienceBalancedBuffer({ maxSize: memSize })`). */
    storagePolicy: storagePolicySchema('new ClassBalancedBuffer({ maxSize })').optional(),
    /** Experiences (e.g. the train stream) whose datasets a restored buffer points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
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
  private readonly memory: ReplayMemory;

  constructor(options: ReplayOptions = {}) {
    const o = parseWithSchema(replayOptionsSchema, options, 'replay options');
    checkMemSize('replay options', o.storagePolicy, o.memSize);
    this.memory = new ReplayMemory(o.storagePolicy ?? new ExperienceBalancedBuffer({ maxSize: o.memSize ?? 200 }), o.sources);
    this.storagePolicy = this.memory.policy;
    this.batchSize = o.batchSize;
    this.batchSizeMem = o.batchSizeMem;
  }

  beforeTrainingExp(context: StrategyContext, controls: StrategyControls): void {
    setReplayLoader(context, controls, this.storagePolicy.buffer, this.batchSize, this.batchSizeMem);
  }

  afterTrainingExp(context: StrategyContext): void {
    if (context.experience !== undefined) this.memory.update(context.experience, context);
  }

  stateDict(): StateDict {
    return { storage: this.storagePolicy.stateDict() };
  }

  loadStateDict(state: StateDict): void {
    loadStorageState(this.memory, state, this.name);
  }
}

/** Restores a `{ storage }` plugin state into `memory`; `who` names the plugin in the error. */
export function loadStorageState(memory: ReplayMemory, state: StateDict, who: string): void {
  const storage = state.storage;
  if (storage === null || typeof storage !== 'object' || Array.isArray(storage)) {
    throw new ValidationError(`${who} state: expected a "storage" record, got ${JSON.stringify(storage)}`);
  }
  memory.policy.loadStateDict(storage as StateDict, (key) => memory.resolve(key));
}

/**
 * Replays `memory` in the coming experience: sets a {@link ReplayDataLoader} of `batchSize` current and
 * `batchSizeMem` memory samples per minibatch (each `trainMbSize` by default). While the memory is empty
 * (the first experience) the template's own loader stays.
 */
export function setReplayLoader(
  context: StrategyContext,
  controls: StrategyControls,
  memory: ClassificationDataset | undefined,
  batchSize: number | undefined,
  batchSizeMem: number | undefined,
): void {
  if (memory === undefined || memory.length === 0 || context.adaptedDataset === undefined) return;
  controls.setDataLoader(
    new ReplayDataLoader(context.adaptedDataset, memory, {
      batchSize: batchSize ?? context.trainMbSize,
      batchSizeMem: batchSizeMem ?? context.trainMbSize,
      rng: context.rng,
    }),
  );
}

/** A {@link ReplayPlugin}: `replayPlugin({ memSize: 500 })`. */
export function replayPlugin(options: ReplayOptions = {}): ReplayPlugin {
  return new ReplayPlugin(options);
}
