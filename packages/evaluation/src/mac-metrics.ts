import type { MetricValue, StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { GRANULARITY_ORIGIN, GRANULARITY_SCHEDULE, type Granularity } from './granularity.js';
import { MAC } from './mac.js';
import { getMetricName } from './metric-name.js';
import type { MetricGranularity, MetricMode } from './generic-plugin-metric.js';
import type { PluginMetric } from './plugin-metric.js';

type MacGranularity = Extract<Granularity, 'minibatch' | 'epoch' | 'experience'>;

/** Avalanche's names: `MAC_MB`, `MAC_Epoch`, `MAC_Exp`. */
export const MAC_NAMES: Readonly<Record<MacGranularity, string>> = { minibatch: 'MAC_MB', epoch: 'MAC_Epoch', experience: 'MAC_Exp' };

/**
 * Multiply-accumulates of one forward pass on one sample of the current minibatch (Avalanche's MAC plugin
 * metrics), counted by tracing the model's kernels (see `countMacs`): after every iteration of the mode,
 * emitted per iteration (`MAC_MB`), per epoch (`MAC_Epoch`, the last iteration's count) or per evaluated
 * experience (`MAC_Exp`). The first iteration per model shape traces asynchronously; later ones hit a cache.
 */
export class MACPluginMetric implements PluginMetric {
  private readonly mac = new MAC();
  private readonly resetAt: MetricGranularity;
  private readonly emitAt: MetricGranularity;
  private readonly mode: MetricMode;

  constructor(
    readonly name: string,
    granularity: MacGranularity,
    private readonly origin = `${GRANULARITY_ORIGIN[granularity]}MAC`,
  ) {
    ({ resetAt: this.resetAt, emitAt: this.emitAt, mode: this.mode } = GRANULARITY_SCHEDULE[granularity]);
  }

  reset(): void {
    this.mac.reset();
  }

  private resetIf(at: MetricGranularity, mode: MetricMode): void {
    if (this.resetAt === at && this.mode === mode) this.mac.reset();
  }

  private emit(context: StrategyContext): MetricValue[] {
    const value = this.mac.result();
    if (value === undefined) return [];
    return [{ origin: this.origin, name: getMetricName(this.name, context, { addExperience: this.emitAt === 'experience' }), value, xPlot: context.clock.trainIterations }];
  }

  private measure(context: StrategyContext, mode: MetricMode): MetricValue[] | void | Promise<MetricValue[] | void> {
    if (this.mode !== mode || context.minibatch === undefined) return;
    const task = context.experience?.taskLabels[0] ?? 0;
    const pending = this.mac.update(context.model, context.minibatch.x, task);
    const emit = () => (this.emitAt === 'iteration' ? this.emit(context) : undefined);
    return pending === undefined ? emit() : pending.then(emit);
  }

  beforeTrainingEpoch(): void {
    this.resetIf('epoch', 'train');
  }

  beforeTrainingIteration(): void {
    this.resetIf('iteration', 'train');
  }

  afterTrainingIteration(context: StrategyContext): MetricValue[] | void | Promise<MetricValue[] | void> {
    return this.measure(context, 'train');
  }

  afterTrainingEpoch(context: StrategyContext): MetricValue[] | void {
    if (this.emitAt === 'epoch' && this.mode === 'train') return this.emit(context);
  }

  beforeEvalExp(): void {
    this.resetIf('experience', 'eval');
  }

  afterEvalIteration(context: StrategyContext): MetricValue[] | void | Promise<MetricValue[] | void> {
    return this.measure(context, 'eval');
  }

  afterEvalExp(context: StrategyContext): MetricValue[] | void {
    if (this.emitAt === 'experience' && this.mode === 'eval') return this.emit(context);
  }
}

const macOptionsSchema = z.object({ minibatch: z.boolean().optional(), epoch: z.boolean().optional(), experience: z.boolean().optional() }).strict();

/** Options of `macMetrics`. */
export type MacMetricsOptions = z.infer<typeof macOptionsSchema>;

/** Avalanche's `MAC_metrics(minibatch, epoch, experience)`. */
export function macMetrics(options: MacMetricsOptions = {}): PluginMetric[] {
  const opts = parseWithSchema(macOptionsSchema, options, 'macMetrics options');
  return (['minibatch', 'epoch', 'experience'] as const).filter((g) => opts[g]).map((g) => new MACPluginMetric(MAC_NAMES[g], g));
}
