import type { MetricData, MetricValue, StrategyContext } from '@avalanche-ts/core';
import { getMetricName } from './metric-name.js';
import type { PluginMetric } from './plugin-metric.js';

/** When a plugin metric resets or emits (Avalanche's `reset_at` / `emit_at`). */
export type MetricGranularity = 'iteration' | 'epoch' | 'experience' | 'stream' | 'never';

/** Whether a plugin metric follows `train()` or `eval()`. */
export type MetricMode = 'train' | 'eval';

export interface GenericPluginMetricOptions {
  readonly resetAt: MetricGranularity;
  readonly emitAt: MetricGranularity;
  readonly mode: MetricMode;
  /** `origin` of the emitted MetricValues (Avalanche's class name, e.g. "StreamAccuracy"). */
  readonly origin?: string;
}

/** A result keyed by task label (task-aware metrics) or a plain value. */
export type PluginMetricResult = MetricData | ReadonlyMap<number, MetricData> | undefined;

/**
 * Base of the granularity-driven plugin metrics (Avalanche's `GenericPluginMetric`). In train mode it
 * resets in `beforeTraining{Iteration,Epoch,Exp}` / `beforeTraining` (iteration, epoch, experience,
 * stream), updates in `afterTrainingIteration` and emits in the matching `after*` hook; in eval mode the
 * same with `beforeEval`, `beforeEvalExp`, `beforeEvalIteration`, `afterEvalIteration`, `afterEvalExp`,
 * `afterEval`. The x position is `clock.trainIterations`, read before the clock advances.
 */
export abstract class GenericPluginMetric implements PluginMetric {
  readonly resetAt: MetricGranularity;
  readonly emitAt: MetricGranularity;
  readonly mode: MetricMode;
  readonly origin: string;

  constructor(
    readonly name: string,
    options: GenericPluginMetricOptions,
  ) {
    this.resetAt = options.resetAt;
    this.emitAt = options.emitAt;
    this.mode = options.mode;
    this.origin = options.origin ?? name;
  }

  /** Clears the accumulated state. */
  abstract reset(): void;
  /** Adds the current minibatch (called after each iteration of the metric's mode). */
  abstract update(context: StrategyContext): void;
  /** The current value; undefined emits nothing. */
  abstract result(): PluginMetricResult;

  /** Packs the result into named values; a Map result gives one value per task label. */
  protected packageResult(context: StrategyContext): MetricValue[] {
    const value = this.result();
    if (value === undefined) return [];
    const addExperience = this.emitAt === 'experience';
    const xPlot = context.clock.trainIterations;
    if (value instanceof Map) {
      return [...value.entries()].map(([task, v]) => ({
        origin: this.origin,
        name: getMetricName(this.name, context, { addExperience, addTask: task }),
        value: v,
        xPlot,
      }));
    }
    return [{ origin: this.origin, name: getMetricName(this.name, context, { addExperience }), value: value as MetricData, xPlot }];
  }

  private resetIf(at: MetricGranularity, mode: MetricMode): void {
    if (this.resetAt === at && this.mode === mode) this.reset();
  }

  private emitIf(at: MetricGranularity, mode: MetricMode, context: StrategyContext): MetricValue[] | void {
    if (this.emitAt === at && this.mode === mode) return this.packageResult(context);
  }

  beforeTraining(_context: StrategyContext): MetricValue[] | void {
    this.resetIf('stream', 'train');
  }

  beforeTrainingExp(_context: StrategyContext): MetricValue[] | void {
    this.resetIf('experience', 'train');
  }

  beforeTrainingEpoch(_context: StrategyContext): MetricValue[] | void {
    this.resetIf('epoch', 'train');
  }

  beforeTrainingIteration(_context: StrategyContext): MetricValue[] | void {
    this.resetIf('iteration', 'train');
  }

  afterTrainingIteration(context: StrategyContext): MetricValue[] | void {
    if (this.mode === 'train') this.update(context);
    return this.emitIf('iteration', 'train', context);
  }

  afterTrainingEpoch(context: StrategyContext): MetricValue[] | void {
    return this.emitIf('epoch', 'train', context);
  }

  afterTrainingExp(context: StrategyContext): MetricValue[] | void {
    return this.emitIf('experience', 'train', context);
  }

  afterTraining(context: StrategyContext): MetricValue[] | void {
    return this.emitIf('stream', 'train', context);
  }

  beforeEval(_context: StrategyContext): MetricValue[] | void {
    this.resetIf('stream', 'eval');
  }

  beforeEvalExp(_context: StrategyContext): MetricValue[] | void {
    this.resetIf('experience', 'eval');
  }

  beforeEvalIteration(_context: StrategyContext): MetricValue[] | void {
    this.resetIf('iteration', 'eval');
  }

  afterEvalIteration(context: StrategyContext): MetricValue[] | void {
    if (this.mode === 'eval') this.update(context);
    return this.emitIf('iteration', 'eval', context);
  }

  afterEvalExp(context: StrategyContext): MetricValue[] | void {
    return this.emitIf('experience', 'eval', context);
  }

  afterEval(context: StrategyContext): MetricValue[] | void {
    return this.emitIf('stream', 'eval', context);
  }
}
