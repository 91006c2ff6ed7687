import type { StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { GenericPluginMetric, type GenericPluginMetricOptions } from './generic-plugin-metric.js';
import { GRANULARITY_ORIGIN, GRANULARITY_SCHEDULE, selectedGranularities, type Granularity } from './granularity.js';
import { MaxRAM } from './max-ram.js';
import type { PluginMetric } from './plugin-metric.js';
import type { ProcessProbe } from './process-probe.js';

/** Avalanche's names: `MaxRAMUsage_MB`, `MaxRAMUsage_Epoch`, `MaxRAMUsage_Experience`, `MaxRAMUsage_Stream`. */
export const RAM_NAMES: Readonly<Record<Exclude<Granularity, 'epochRunning'>, string>> = {
  minibatch: 'MaxRAMUsage_MB',
  epoch: 'MaxRAMUsage_Epoch',
  experience: 'MaxRAMUsage_Experience',
  stream: 'MaxRAMUsage_Stream',
};

/**
 * Peak memory of the metric's span in MiB, `max_t RSS(t) / 2^20`, sampled when the span starts and after
 * each of its iterations (at most once per `every` seconds). Node: process RSS; Chrome: JS heap; elsewhere
 * nothing is emitted.
 */
export class MaxRAMPluginMetric extends GenericPluginMetric {
  private readonly ram: MaxRAM;
  private lastSample = -Infinity;

  constructor(
    name: string,
    options: GenericPluginMetricOptions,
    private readonly every = 0,
    private readonly probe?: ProcessProbe,
  ) {
    super(name, options);
    this.ram = new MaxRAM(probe);
  }

  private sample(force: boolean): void {
    const now = this.probe?.now() ?? (typeof performance !== 'undefined' ? performance.now() : Date.now());
    if (!force && now - this.lastSample < this.every * 1000) return;
    this.lastSample = now;
    this.ram.update();
  }

  reset(): void {
    this.ram.reset();
    this.sample(true);
  }

  update(_context: StrategyContext): void {
    this.sample(false);
  }

  result(): number | undefined {
    return this.ram.result();
  }
}

const ramOptionsSchema = z
  .object({
    every: z.number().nonnegative().optional(),
    minibatch: z.boolean().optional(),
    epoch: z.boolean().optional(),
    experience: z.boolean().optional(),
    stream: z.boolean().optional(),
  })
  .strict();

/** Options of `ramUsageMetrics`: `every` = minimum seconds between samples (default 0: every iteration). */
export type RamUsageMetricsOptions = z.infer<typeof ramOptionsSchema>;

/** Avalanche's `ram_usage_metrics(every, minibatch, epoch, experience, stream)`. */
export function ramUsageMetrics(options: RamUsageMetricsOptions = {}, probe?: ProcessProbe): PluginMetric[] {
  const opts = parseWithSchema(ramOptionsSchema, options, 'ramUsageMetrics options');
  return selectedGranularities(opts)
    .filter((g): g is Exclude<Granularity, 'epochRunning'> => g !== 'epochRunning')
    .map((g) => new MaxRAMPluginMetric(RAM_NAMES[g], { ...GRANULARITY_SCHEDULE[g], origin: `${GRANULARITY_ORIGIN[g]}MaxRAM` }, opts.every ?? 0, probe));
}
