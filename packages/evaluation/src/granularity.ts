import { z } from 'zod';
import type { GenericPluginMetricOptions } from './generic-plugin-metric.js';

/** The granularities of Avalanche's `*_metrics(...)` helpers. */
export type Granularity = 'minibatch' | 'epoch' | 'epochRunning' | 'experience' | 'stream';

/**
 * When each granularity resets and emits (Avalanche's plugin metric classes): minibatch = train, per
 * iteration; epoch = train, per epoch; epochRunning = train, reset per epoch and emitted per iteration;
 * experience = eval, per experience; stream = eval, per stream.
 */
export const GRANULARITY_SCHEDULE: Readonly<Record<Granularity, GenericPluginMetricOptions>> = {
  minibatch: { resetAt: 'iteration', emitAt: 'iteration', mode: 'train' },
  epoch: { resetAt: 'epoch', emitAt: 'epoch', mode: 'train' },
  epochRunning: { resetAt: 'epoch', emitAt: 'iteration', mode: 'train' },
  experience: { resetAt: 'experience', emitAt: 'experience', mode: 'eval' },
  stream: { resetAt: 'stream', emitAt: 'stream', mode: 'eval' },
};

/** Avalanche's class-name prefix of each granularity, for MetricValue origins ("EpochAccuracy", ...). */
export const GRANULARITY_ORIGIN: Readonly<Record<Granularity, string>> = {
  minibatch: 'Minibatch',
  epoch: 'Epoch',
  epochRunning: 'RunningEpoch',
  experience: 'Experience',
  stream: 'Stream',
};

/** The boolean flags every `*Metrics` helper takes, all false by default. */
export const granularityFlagsShape = {
  minibatch: z.boolean().optional(),
  epoch: z.boolean().optional(),
  epochRunning: z.boolean().optional(),
  experience: z.boolean().optional(),
  stream: z.boolean().optional(),
};

export type GranularityFlags = Partial<Record<Granularity, boolean>>;

/** The granularities switched on in `flags`, in Avalanche's order. */
export function selectedGranularities(flags: GranularityFlags): Granularity[] {
  return (['minibatch', 'epoch', 'epochRunning', 'experience', 'stream'] as const).filter((g) => flags[g] === true);
}
