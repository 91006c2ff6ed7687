import { z } from 'zod';
import { StrategyError, ValidationError, parseWithSchema, type StrategyContext, type StrategyControls, type StrategyPlugin } from '@avalanche-ts/core';
import { PackNetModel } from '@avalanche-ts/models';

const proportion = z.number().min(0).max(1);

export const packNetOptionsSchema = z
  .object({
    /** Epochs of fine-tuning after pruning, at the end of each experience; fewer than `trainEpochs`. */
    postPruneEpochs: z.number().int().positive(),
    /** Fraction of the free weights pruned after each experience: one value, one per experience, or a function of the experience counter (default 0.5). */
    pruneProportion: z
      .union([proportion, z.array(proportion).nonempty(), z.custom<(experience: number) => number>((v) => typeof v === 'function', { message: 'expected a number, an array or a function' })])
      .default(0.5),
  })
  .strict();
export type PackNetOptions = z.input<typeof packNetOptionsSchema>;

/**
 * Drives a {@link PackNetModel} through PackNet's phases (Mallya & Lazebnik 2018, CVPR), as Avalanche's
 * `PackNetPlugin`: a fresh optimizer state at each experience (momentum must not move pruned weights),
 * `prune(p)` when epoch `trainEpochs − postPruneEpochs` starts, and `freezePruned()` after the experience.
 */
export class PackNetPlugin implements StrategyPlugin {
  readonly name = 'PackNetPlugin';
  readonly postPruneEpochs: number;
  private readonly proportionOf: (experience: number) => number;

  constructor(options: PackNetOptions) {
    const o = parseWithSchema(packNetOptionsSchema, options, 'packNet options');
    this.postPruneEpochs = o.postPruneEpochs;
    const p = o.pruneProportion;
    this.proportionOf = typeof p === 'number' ? () => p : Array.isArray(p) ? (i) => p[Math.min(i, p.length - 1)] : p;
  }

  /** Prune proportion of the experience with counter `i` (a list repeats its last value). */
  pruneProportion(i: number): number {
    const p = this.proportionOf(i);
    if (!(p >= 0 && p <= 1)) throw new ValidationError(`packNet: pruneProportion for experience ${i} must be in [0, 1], got ${p}`);
    return p;
  }

  beforeTraining(context: StrategyContext): void {
    modelOf(context);
    if (this.postPruneEpochs >= context.trainEpochs) {
      throw new ValidationError(`packNet: postPruneEpochs (${this.postPruneEpochs}) must be smaller than trainEpochs (${context.trainEpochs})`);
    }
  }

  beforeTrainingExp(_context: StrategyContext, controls: StrategyControls): void {
    controls.resetOptimizer();
  }

  beforeTrainingEpoch(context: StrategyContext): void {
    if (context.clock.trainExpEpochs === context.trainEpochs - this.postPruneEpochs) {
      modelOf(context).prune(this.pruneProportion(context.clock.trainExpCounter));
    }
  }

  afterTrainingExp(context: StrategyContext): void {
    modelOf(context).freezePruned();
  }
}

function modelOf(context: StrategyContext): PackNetModel {
  if (!(context.model instanceof PackNetModel)) {
    throw new StrategyError(`PackNetPlugin needs a PackNetModel, got ${context.model.name}; wrap the model: new PackNetModel(model)`);
  }
  return context.model;
}

/** A {@link PackNetPlugin}: `packNetPlugin({ postPruneEpochs: 1, pruneProportion: 0.5 })`. */
export function packNetPlugin(options: PackNetOptions): PackNetPlugin {
  return new PackNetPlugin(options);
}
