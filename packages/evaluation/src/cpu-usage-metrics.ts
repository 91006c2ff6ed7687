import type { StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { CPUUsage } from './cpu-usage.js';
import { GenericPluginMetric, type GenericPluginMetricOptions } from './generic-plugin-metric.js';
import { GRANULARITY_ORIGIN, GRANULARITY_SCHEDULE, granularityFlagsShape, selectedGranularities, type Granularity } from './granularity.js';
import type { PluginMetric } from './plugin-metric.js';
import type { ProcessProbe } from './process-probe.js';

/** Avalanche's names: `CPUUsage_MB`, `CPUUsage_Epoch`, `RunningCPUUsage_Epoch`, `CPUUsage_Exp`, `CPUUsage_Stream`. */
export const CPU_NAMES: Readonly<Record<Granularity, string>> = {
  minibatch: 'CPUUsage_MB',
  epoch: 'CPUUsage_Epoch',
  epochRunning: 'RunningCPUUsage_Epoch',
  experience: 'CPUUsage_Exp',
  stream: 'CPUUsage_Stream',
};

/**
 * Process CPU usage over the metric's span in percent, `100 * cpu_time / wall_time` from the span's start
 * to its last iteration (the running-epoch variant reports the epoch so far after every iteration). Node
 * only (`process.cpuUsage()`); nothing is emitted in a browser.
 */
export class CPUUsagePluginMetric extends GenericPluginMetric {
  private readonly cpu: CPUUsage;

  constructor(name: string, options: GenericPluginMetricOptions, probe?: ProcessProbe) {
    super(name, options);
    this.cpu = new CPUUsage(probe);
  }

  reset(): void {
    this.cpu.reset();
    this.cpu.update();
  }

  update(_context: StrategyContext): void {
    this.cpu.update();
  }

  result(): number | undefined {
    return this.cpu.result();
  }
}

const cpuOptionsSchema = z.object(granularityFlagsShape).strict();

/** Options of `cpuUsageMetrics`: one flag per granularity. */
export type CpuUsageMetricsOptions = z.infer<typeof cpuOptionsSchema>;

/** Avalanche's `cpu_usage_metrics(minibatch, epoch, epoch_running, experience, stream)`. */
export function cpuUsageMetrics(options: CpuUsageMetricsOptions = {}, probe?: ProcessProbe): PluginMetric[] {
  const opts = parseWithSchema(cpuOptionsSchema, options, 'cpuUsageMetrics options');
  return selectedGranularities(opts).map((g) => new CPUUsagePluginMetric(CPU_NAMES[g], { ...GRANULARITY_SCHEDULE[g], origin: `${GRANULARITY_ORIGIN[g]}CPUUsage` }, probe));
}
