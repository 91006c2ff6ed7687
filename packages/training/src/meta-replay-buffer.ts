import { z } from 'zod';
import {
  parseWithSchema,
  type Minibatch,
  type Rng,
  type StateDict,
  type StrategyContext,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { concatMinibatches } from './replay-data-loader.js';
import { ReplayMemory } from './replay-memory.js';
import { sourcesSchema } from './replay-option-fields.js';
import { loadStorageState } from './replay-plugin.js';
import { ReservoirSamplingBuffer } from './reservoir-sampling-buffer.js';

export const metaReplayBufferOptionsSchema = z
  .object({
    /** Samples kept (reservoir sampling over every sample seen). */
    memSize: z.number().int().nonnegative(),
    /** Memory samples drawn per call of {@link MetaReplayBuffer.sample}. */
    batchSizeMem: z.number().int().positive(),
    /** Experiences whose datasets a restored buffer points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
    /** Plugin name (checkpoint key): Avalanche's "MERBuffer" or LaMAML's "Buffer". */
    name: z.string().min(1).default('MetaReplayBuffer'),
  })
  .strict();
export type MetaReplayBufferOptions = z.input<typeof metaReplayBufferOptionsSchema>;

/**
 * The episodic memory of MER and LaMAML (Avalanche's `MERBuffer` and LaMAML's `Buffer`): a
 * {@link ReservoirSamplingBuffer} of `memSize` samples updated after each experience, from which
 * `batchSizeMem` distinct random samples are drawn (`randperm(len)[:batchSizeMem]`) whenever the
 * strategy asks. As a plugin it updates itself in `afterTrainingExp` and saves its indices in checkpoints.
 */
export class MetaReplayBuffer implements StrategyPlugin {
  readonly name: string;
  readonly batchSizeMem: number;
  readonly storagePolicy: ReservoirSamplingBuffer;
  private readonly memory: ReplayMemory<ReservoirSamplingBuffer>;

  constructor(options: MetaReplayBufferOptions) {
    const o = parseWithSchema(metaReplayBufferOptionsSchema, options, 'meta replay buffer options');
    this.name = o.name;
    this.batchSizeMem = o.batchSizeMem;
    this.memory = new ReplayMemory(new ReservoirSamplingBuffer(o.memSize), o.sources);
    this.storagePolicy = this.memory.policy;
  }

  get length(): number {
    return this.storagePolicy.length;
  }

  /** min(length, batchSizeMem) distinct random memory samples (train transforms), or undefined when empty. */
  sample(rng: Rng): Minibatch | undefined {
    const memory = this.storagePolicy.buffer;
    if (memory === undefined || memory.length === 0) return undefined;
    const indices = rng.sampleIndices(memory.length, Math.min(memory.length, this.batchSizeMem));
    return memory.train().getBatch(indices, { rng });
  }

  /** `minibatch` followed by a memory sample (Avalanche's `MERBuffer.get_batch`); new tensors the caller owns. */
  mix(minibatch: Minibatch, rng: Rng): Minibatch {
    const memory = this.sample(rng);
    const plain = { x: minibatch.x, y: minibatch.y, taskLabels: minibatch.taskLabels };
    if (memory === undefined) return { x: plain.x.clone(), y: plain.y.clone(), taskLabels: plain.taskLabels.clone() };
    const mixed = concatMinibatches(plain, { x: memory.x, y: memory.y, taskLabels: memory.taskLabels });
    for (const t of [memory.x, memory.y, memory.taskLabels, ...Object.values(memory.extras ?? {})]) t.dispose();
    return mixed;
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
