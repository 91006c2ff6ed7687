import type { StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { GenericPluginMetric, type GenericPluginMetricOptions } from './generic-plugin-metric.js';
import { GRANULARITY_ORIGIN, GRANULARITY_SCHEDULE, granularityFlagsShape, selectedGranularities, type Granularity } from './granularity.js';
import { LossMetric } from './loss-metric.js';
import { minibatchLoss } from './minibatch-view.js';
import type { PluginMetric } from './plugin-metric.js';

/** Avalanche's names: `Loss_MB`, `Loss_Epoch`, `RunningLoss_Epoch`, `Loss_Exp`, `Loss_Stream`. */
export const LOSS_NAMES: Readonly<Record<Granularity, string>> = {
  minibatch: 'Loss_MB',
  epoch: 'Loss_Epoch',
  epochRunning: 'RunningLoss_Epoch',
  experience: 'Loss_Exp',
  stream: 'Loss_Stream',
};

/**
 * Loss as a plugin metric: `context.loss` (the template's total, criterion plus every plugin loss term,
 * so regularisers such as EWC count, as in Avalanche), weighted by batch size over the metric's span:
 * `L = sum_b loss_b * n_b / sum_b n_b`.
 */
export class LossPluginMetric extends GenericPluginMetric {
  private readonly loss = new LossMetric();

  constructor(name: string, options: GenericPluginMetricOptions) {
    super(name, options);
  }

  reset(): void {
    this.loss.reset();
  }

  update(context: StrategyContext): void {
    const n = context.minibatch?.y.shape[0] ?? 0;
    this.loss.update(minibatchLoss(context, this.name), n);
  }

  result(): number {
    return this.loss.result();
  }
}

const lossOptionsSchema = z.object(granularityFlagsShape).strict();

/** Options of `lossMetrics`: one flag per granularity. */
export type LossMetricsOptions = z.infer<typeof lossOptionsSchema>;

/** Avalanche's `loss_metrics(minibatch, epoch, epoch_running, experience, stream)`. */
export function lossMetrics(options: LossMetricsOptions = {}): PluginMetric[] {
  const opts = parseWithSchema(lossOptionsSchema, options, 'lossMetrics options');
  return selectedGranularities(opts).map(
    (g) => new LossPluginMetric(LOSS_NAMES[g], { ...GRANULARITY_SCHEDULE[g], origin: `${GRANULARITY_ORIGIN[g]}Loss` }),
  );
}
