import type { StateDict, StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { GenericPluginMetric, type GenericPluginMetricOptions } from './generic-plugin-metric.js';
import { GRANULARITY_ORIGIN, GRANULARITY_SCHEDULE, granularityFlagsShape, selectedGranularities, type Granularity } from './granularity.js';
import { minibatchView } from './minibatch-view.js';
import type { PluginMetric } from './plugin-metric.js';
import { TopkAccuracy } from './topk-accuracy.js';

/**
 * Avalanche's names for k: `Topk_{k}_Acc_MB`, `Topk_{k}_Acc_Epoch`, `Topk_{k}_Acc_Epoch` (the running
 * epoch metric has the same name as the epoch one in Avalanche; kept for compatibility, so enable only
 * one of the two when you need distinct keys), `Topk_{k}_Acc_Exp`, `Topk_{k}_Acc_Stream`.
 */
export function topkAccName(k: number, granularity: Granularity | 'trainedExperience'): string {
  const suffix = { minibatch: 'MB', epoch: 'Epoch', epochRunning: 'Epoch', experience: 'Exp', stream: 'Stream', trainedExperience: 'On_Trained_Experiences' }[granularity];
  return `Topk_${k}_Acc_${suffix}`;
}

/** Top-k accuracy as a plugin metric: `acc@k = sum_i [y_i in topk(logits_i)] / n` over the metric's span. */
export class TopkAccuracyPluginMetric extends GenericPluginMetric {
  private readonly topk: TopkAccuracy;

  constructor(name: string, topK: number, options: GenericPluginMetricOptions) {
    super(name, options);
    this.topk = new TopkAccuracy(topK);
  }

  reset(): void {
    this.topk.reset();
  }

  update(context: StrategyContext): void {
    const v = minibatchView(context, this.name);
    this.topk.updateScores({ values: v.scores, rows: v.size, cols: v.nClasses }, v.targets);
  }

  result(): number {
    return this.topk.result();
  }
}

/** `Topk_{k}_Acc_On_Trained_Experiences`: top-k stream accuracy over experiences with id <= the last trained one. */
export class TrainedExperienceTopkAccuracy extends TopkAccuracyPluginMetric {
  private lastTrained = 0;

  constructor(topK: number) {
    super(topkAccName(topK, 'trainedExperience'), topK, { ...GRANULARITY_SCHEDULE.stream, origin: 'TrainedExperienceTopkAccuracy' });
  }

  override afterTrainingExp(context: StrategyContext): void {
    this.lastTrained = context.experience?.currentExperience ?? this.lastTrained;
    this.reset();
  }

  override update(context: StrategyContext): void {
    if ((context.experience?.currentExperience ?? 0) <= this.lastTrained) super.update(context);
  }

  stateDict(): StateDict {
    return { lastTrained: this.lastTrained };
  }

  loadStateDict(state: StateDict): void {
    this.lastTrained = typeof state.lastTrained === 'number' ? state.lastTrained : 0;
  }
}

const topkOptionsSchema = z
  .object({ topK: z.number().int().positive().optional(), ...granularityFlagsShape, trainedExperience: z.boolean().optional() })
  .strict();

/** Options of `topkAccMetrics`: `topK` (default 3) and one flag per granularity. */
export type TopkAccMetricsOptions = z.infer<typeof topkOptionsSchema>;

/** Avalanche's `topk_acc_metrics(top_k=3, minibatch, epoch, epoch_running, experience, stream, trained_experience)`. */
export function topkAccMetrics(options: TopkAccMetricsOptions = {}): PluginMetric[] {
  const opts = parseWithSchema(topkOptionsSchema, options, 'topkAccMetrics options');
  const k = opts.topK ?? 3;
  const metrics: PluginMetric[] = selectedGranularities(opts).map(
    (g) => new TopkAccuracyPluginMetric(topkAccName(k, g), k, { ...GRANULARITY_SCHEDULE[g], origin: `${GRANULARITY_ORIGIN[g]}TopkAccuracy` }),
  );
  if (opts.trainedExperience) metrics.push(new TrainedExperienceTopkAccuracy(k));
  return metrics;
}
