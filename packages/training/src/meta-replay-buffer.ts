import { z } from 'zod';
import {
  ValidationError,
  parseWithSchema,
  type ClassificationDataset,
  type Experience,
  type Minibatch,
  type Rng,
  type StateDict,
  type StrategyContext,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { concatMinibatches } from './replay-data-loader.js';
import { storageContext } from './replay-plugin.js';
import { ReservoirSamplingBuffer } from './reservoir-sampling-buffer.js';
import { resolverOf, sourceKeyOf, type DatasetResolver } from './storage-policy.js';

export const metaReplayBufferOptionsSchema = z
  .object({
    /** Samples kept (reservoir sampling over every sample seen). */
    memSize: z.number().int().nonnegative(),
    /** Memory samples drawn per call of {@link MetaReplayBuffer.sample}. */
    batchSizeMem: z.number().int().positive(),
    /** Experiences whose datasets a restored buffer points into; needed to resume from a checkpoint. */
    sources: z.custom<Iterable<Experience> | DatasetResolver>((v) => typeof v === 'function' || (typeof v === 'object' && v !== null && Symbol.iterator in v), {
      message: 'expected a stream, an array of experiences or a function key => dataset',
    }).optional(),
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
  private readonly sources: DatasetResolver | undefined;
  private readonly seen = new Map<string, ClassificationDataset>();

  constructor(options: MetaReplayBufferOptions) {
    const o = parseWithSchema(metaReplayBufferOptionsSchema, options, 'meta replay buffer options');
    this.name = o.name;
    this.batchSizeMem = o.batchSizeMem;
    this.storagePolicy = new ReservoirSamplingBuffer(o.memSize);
    this.sources = resolverOf(o.sources);
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
      throw new ValidationError(`${this.name} state: expected a "storage" record, got ${JSON.stringify(storage)}`);
    }
    this.storagePolicy.loadStateDict(storage as StateDict, (key) => this.seen.get(key) ?? this.sources?.(key));
  }
}
