import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { disposeMinibatch, parseWithSchema, type Minibatch, type StateDict, type StrategyContext, type StrategyPlugin } from '@avalanche-ts/core';
import { aceLoss } from './ace-criterion.js';
import { BufferSampler } from './buffer-sampler.js';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { ReplayMemory, sourcesSchema } from './replay-memory.js';
import type { Criterion } from './strategy-options.js';

export const erAceOptionsSchema = z
  .object({
    /** Class-balanced memory size in samples (default 200). */
    memSize: z.number().int().positive().default(200),
    /** Memory samples replayed with each incoming minibatch (default 10). */
    batchSizeMem: z.number().int().positive().default(10),
    /** Experiences (e.g. the train stream) whose datasets a restored buffer points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type ErAceOptions = z.input<typeof erAceOptionsSchema>;

/** A memory minibatch drawn for the current iteration and the dropout seed of its forward pass. */
export interface ReplayDraw {
  readonly batch: Minibatch;
  readonly seed: number;
}

/**
 * ER-ACE (Caccia et al., "New Insights on Reducing Abrupt Representation Change in Online Continual
 * Learning", ICLR 2022), as Avalanche's `ER_ACE`: a class-balanced memory is updated with the incoming
 * experience *before* training on it; from the second experience on, every iteration draws
 * `batchSizeMem` memory samples and the loss is the asymmetric cross-entropy {@link aceLoss}
 * L = ½·CE(f(x_buf), y_buf) + ½·CE(f(x)[C_in], y) (C_in: classes of the incoming batch).
 *
 * The plugin draws the memory batch; its {@link criterion} computes the loss, so it must be the
 * strategy's criterion (the {@link erAce} factory wires both).
 */
export class ErAcePlugin implements StrategyPlugin {
  readonly name = 'ER_ACEPlugin';
  readonly memSize: number;
  readonly batchSizeMem: number;
  readonly memory: ReplayMemory<ClassBalancedBuffer>;
  private sampler: BufferSampler | undefined;
  private draw: ReplayDraw | undefined;

  constructor(options: ErAceOptions = {}) {
    const o = parseWithSchema(erAceOptionsSchema, options, 'erAce options');
    this.memSize = o.memSize;
    this.batchSizeMem = o.batchSizeMem;
    this.memory = new ReplayMemory(new ClassBalancedBuffer({ maxSize: o.memSize }), o.sources);
  }

  /** The memory batch of the current iteration, if any. */
  get current(): ReplayDraw | undefined {
    return this.draw;
  }

  beforeTrainingExp(context: StrategyContext): void {
    const experience = context.experience;
    if (experience === undefined) return;
    // Avalanche updates the buffer before training, so the current classes are in memory too.
    this.memory.update(experience, context);
    const buffer = this.memory.policy.buffer;
    this.sampler =
      buffer !== undefined && buffer.length >= this.batchSizeMem && experience.currentExperience > 0
        ? new BufferSampler(buffer, this.batchSizeMem, context.rng)
        : undefined;
  }

  beforeForward(context: StrategyContext): void {
    this.release();
    if (this.sampler !== undefined) this.draw = { batch: this.sampler.next(), seed: context.rng.nextSeed() };
  }

  afterTrainingIteration(): void {
    this.release();
  }

  afterTrainingExp(): void {
    this.release();
    this.sampler = undefined;
  }

  /**
   * The ER-ACE loss while a memory batch is drawn, `fallback` (default cross-entropy) otherwise (first
   * experience, evaluation).
   */
  criterion(fallback: Criterion = crossEntropyLoss): Criterion {
    return (output, targets, context) => {
      const draw = this.draw;
      if (!context.isTraining || draw === undefined) return fallback(output, targets, context);
      return tf.tidy(() => {
        const bufferOut = context.model.forward(draw.batch.x, { taskLabels: draw.batch.taskLabels, seed: draw.seed });
        return aceLoss(output, targets, bufferOut, draw.batch.y);
      });
    };
  }

  stateDict(): StateDict {
    return { storage: this.memory.stateDict() };
  }

  loadStateDict(state: StateDict): void {
    this.memory.loadStateDict(state.storage, 'ER_ACEPlugin state.storage');
  }

  dispose(): void {
    this.release();
    this.sampler = undefined;
  }

  private release(): void {
    if (this.draw !== undefined) disposeMinibatch(this.draw.batch);
    this.draw = undefined;
  }
}

/** An {@link ErAcePlugin}: `erAcePlugin({ memSize: 200, batchSizeMem: 10 })`. */
export function erAcePlugin(options: ErAceOptions = {}): ErAcePlugin {
  return new ErAcePlugin(options);
}
