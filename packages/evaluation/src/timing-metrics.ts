import type { StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { ElapsedTime } from './elapsed-time.js';
import { GenericPluginMetric, type GenericPluginMetricOptions } from './generic-plugin-metric.js';
import { GRANULARITY_ORIGIN, GRANULARITY_SCHEDULE, granularityFlagsShape, selectedGranularities, type Granularity } from './granularity.js';
import { Mean } from './mean.js';
import type { PluginMetric } from './plugin-metric.js';
import type { ProcessProbe } from './process-probe.js';

/** Avalanche's names: `Time_MB`, `Time_Epoch`, `RunningTime_Epoch`, `Time_Exp`, `Time_Stream`. */
export const TIME_NAMES: Readonly<Record<Granularity, string>> = {
  minibatch: 'Time_MB',
  epoch: 'Time_Epoch',
  epochRunning: 'RunningTime_Epoch',
  experience: 'Time_Exp',
  stream: 'Time_Stream',
};

/**
 * Wall time of the metric's span in seconds, `t_end - t_start`: the timer starts when the span resets
 * (before the iteration, epoch, experience or stream) and stops at its last iteration.
 */
export class TimePluginMetric extends GenericPluginMetric {
  protected readonly time: ElapsedTime;

  constructor(name: string, options: GenericPluginMetricOptions, probe?: ProcessProbe) {
    super(name, options);
    this.time = new ElapsedTime(probe);
  }

  reset(): void {
    this.time.reset();
    this.time.update();
  }

  update(_context: StrategyContext): void {
    this.time.update();
  }

  result(): number {
    return this.time.result();
  }
}

/**
 * `RunningTime_Epoch`: the mean wall time of the epoch's iterations so far, `(1/i) sum_{j<=i} dt_j`, with
 * `dt_j` from `beforeTrainingIteration` to `afterTrainingIteration` (emitted every iteration).
 */
export class RunningEpochTime extends TimePluginMetric {
  private readonly mean = new Mean();

  constructor(probe?: ProcessProbe) {
    super(TIME_NAMES.epochRunning, { ...GRANULARITY_SCHEDULE.epochRunning, origin: 'RunningEpochTime' }, probe);
  }

  override reset(): void {
    this.mean.reset();
  }

  override beforeTrainingIteration(context: StrategyContext): void {
    super.beforeTrainingIteration(context);
    this.time.reset();
    this.time.update();
  }

  override update(context: StrategyContext): void {
    super.update(context);
    this.mean.update(this.time.result(), 1);
  }

  override result(): number {
    return this.mean.result();
  }
}

const timingOptionsSchema = z.object(granularityFlagsShape).strict();

/** Options of `timingMetrics`: one flag per granularity. */
export type TimingMetricsOptions = z.infer<typeof timingOptionsSchema>;

/** Avalanche's `timing_metrics(minibatch, epoch, epoch_running, experience, stream)`: seconds, `performance.now()`. */
export function timingMetrics(options: TimingMetricsOptions = {}, probe?: ProcessProbe): PluginMetric[] {
  const opts = parseWithSchema(timingOptionsSchema, options, 'timingMetrics options');
  return selectedGranularities(opts).map((g) =>
    g === 'epochRunning' ? new RunningEpochTime(probe) : new TimePluginMetric(TIME_NAMES[g], { ...GRANULARITY_SCHEDULE[g], origin: `${GRANULARITY_ORIGIN[g]}Time` }, probe),
  );
}
