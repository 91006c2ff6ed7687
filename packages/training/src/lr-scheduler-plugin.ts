import { StrategyError, parseWithSchema, type StateDict, type StrategyContext, type StrategyPlugin } from '@avalanche-ts/core';
import { z } from 'zod';
import type { Optimizer } from './optimizer.js';

/** A learning-rate schedule in closed form: the rate after `step` scheduler steps, from the base rate. */
export interface LrSchedule {
  readonly name: string;
  lrAt(baseLr: number, step: number): number;
}

const positiveInt = z.number().int().positive();

/** PyTorch's `StepLR`: `lr = base · gamma^⌊step / stepSize⌋`. */
export function stepLr(options: { stepSize: number; gamma?: number }): LrSchedule {
  const o = parseWithSchema(z.object({ stepSize: positiveInt, gamma: z.number().positive().default(0.1) }).strict(), options, 'stepLrOptions');
  return { name: 'StepLR', lrAt: (base, step) => base * Math.pow(o.gamma, Math.floor(step / o.stepSize)) };
}

/** PyTorch's `MultiStepLR`: `lr = base · gamma^(number of milestones ≤ step)`. */
export function multiStepLr(options: { milestones: number[]; gamma?: number }): LrSchedule {
  const o = parseWithSchema(
    z.object({ milestones: z.array(positiveInt).min(1), gamma: z.number().positive().default(0.1) }).strict(),
    options,
    'multiStepLrOptions',
  );
  const milestones = [...o.milestones].sort((a, b) => a - b);
  return {
    name: 'MultiStepLR',
    lrAt: (base, step) => base * Math.pow(o.gamma, milestones.filter((m) => m <= step).length),
  };
}

/**
 * PyTorch's `CosineAnnealingLR` (Loshchilov & Hutter, 2017, SGDR) in closed form:
 * `lr = etaMin + (base − etaMin) · (1 + cos(π · step / tMax)) / 2`.
 */
export function cosineAnnealingLr(options: { tMax: number; etaMin?: number }): LrSchedule {
  const o = parseWithSchema(z.object({ tMax: positiveInt, etaMin: z.number().nonnegative().default(0) }).strict(), options, 'cosineAnnealingLrOptions');
  return { name: 'CosineAnnealingLR', lrAt: (base, step) => o.etaMin + ((base - o.etaMin) * (1 + Math.cos((Math.PI * step) / o.tMax))) / 2 };
}

const optionsSchema = z
  .object({
    scheduler: z.custom<LrSchedule>((v) => typeof (v as LrSchedule)?.lrAt === 'function', { message: 'expected a schedule (stepLr, multiStepLr, cosineAnnealingLr)' }),
    resetScheduler: z.boolean().default(true),
    resetLr: z.boolean().default(true),
    stepGranularity: z.enum(['epoch', 'iteration']).default('epoch'),
    firstEpochOnly: z.boolean().default(false),
    firstExpOnly: z.boolean().default(false),
  })
  .strict();

/** Options of {@link lrSchedulerPlugin} (Avalanche's `LRSchedulerPlugin`, camelCased, without metric-based schedulers). */
export type LrSchedulerPluginOptions = z.input<typeof optionsSchema>;

/**
 * Avalanche's `LRSchedulerPlugin`: steps the schedule after each epoch (or iteration) and sets the optimizer's
 * learning rate; at the end of each experience it resets the rate to the base rate (`resetLr`) and the step
 * count to 0 (`resetScheduler`). `firstEpochOnly` / `firstExpOnly` restrict stepping to the first epoch /
 * experience. The base rate is the optimizer's rate when training starts.
 */
export class LrSchedulerPlugin implements StrategyPlugin {
  readonly name = 'LRSchedulerPlugin';
  private readonly o: z.output<typeof optionsSchema>;
  private baseLr: number | undefined;
  private steps = 0;

  constructor(options: LrSchedulerPluginOptions) {
    this.o = parseWithSchema(optionsSchema, options, 'lrSchedulerPluginOptions');
  }

  /** Scheduler steps taken since the last reset (PyTorch's `last_epoch`). */
  get stepCount(): number {
    return this.steps;
  }

  beforeTraining(context: StrategyContext): void {
    this.baseLr ??= optimizerOf(context).learningRate;
  }

  afterTrainingEpoch(context: StrategyContext): void {
    if (this.o.stepGranularity !== 'epoch' || (this.o.firstExpOnly && context.clock.trainExpCounter > 0)) return;
    this.advance(context);
  }

  afterTrainingIteration(context: StrategyContext): void {
    if (this.o.stepGranularity !== 'iteration') return;
    if (this.o.firstExpOnly && context.clock.trainExpCounter > 0) return;
    if (this.o.firstEpochOnly && context.clock.trainExpEpochs > 0) return;
    this.advance(context);
  }

  afterTrainingExp(context: StrategyContext): void {
    const optimizer = optimizerOf(context);
    if (this.o.resetLr && this.baseLr !== undefined) optimizer.learningRate = this.baseLr;
    if (this.o.resetScheduler) this.steps = 0;
  }

  stateDict(): StateDict {
    return { baseLr: this.baseLr ?? null, steps: this.steps };
  }

  loadStateDict(state: StateDict): void {
    this.baseLr = state.baseLr === null ? undefined : (state.baseLr as number);
    this.steps = state.steps as number;
  }

  private advance(context: StrategyContext): void {
    this.steps += 1;
    optimizerOf(context).learningRate = this.o.scheduler.lrAt(this.baseLr!, this.steps);
  }
}

function optimizerOf(context: StrategyContext): Optimizer {
  const optimizer = context.optimizer as Optimizer | undefined;
  if (optimizer === undefined || typeof (optimizer as Partial<Optimizer>).initialLearningRate !== 'number') {
    throw new StrategyError('LRSchedulerPlugin needs an avalanche-ts optimizer (sgd or adam) on the strategy');
  }
  return optimizer;
}

/** Creates an {@link LrSchedulerPlugin}. */
export function lrSchedulerPlugin(options: LrSchedulerPluginOptions): LrSchedulerPlugin {
  return new LrSchedulerPlugin(options);
}
