import type { StateDict, StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { Accuracy } from './accuracy.js';
import { GenericPluginMetric, type GenericPluginMetricOptions } from './generic-plugin-metric.js';
import { GRANULARITY_ORIGIN, GRANULARITY_SCHEDULE, granularityFlagsShape, selectedGranularities, type Granularity } from './granularity.js';
import { minibatchView } from './minibatch-view.js';
import type { PluginMetric } from './plugin-metric.js';

/** Avalanche's names: `Top1_Acc_MB`, `Top1_Acc_Epoch`, `Top1_RunningAcc_Epoch`, `Top1_Acc_Exp`, `Top1_Acc_Stream`. */
export const ACCURACY_NAMES: Readonly<Record<Granularity, string>> = {
  minibatch: 'Top1_Acc_MB',
  epoch: 'Top1_Acc_Epoch',
  epochRunning: 'Top1_RunningAcc_Epoch',
  experience: 'Top1_Acc_Exp',
  stream: 'Top1_Acc_Stream',
};

/**
 * Top-1 accuracy as a plugin metric, task-agnostic and pattern-weighted over the metric's span:
 * `acc = sum_i [argmax(logits_i) = y_i] / n`. Stream accuracy is over every pattern of the evaluated
 * stream, not the mean of the experiences' accuracies (Avalanche issue #1137).
 */
export class AccuracyPluginMetric extends GenericPluginMetric {
  protected readonly accuracy = new Accuracy();

  constructor(name: string, options: GenericPluginMetricOptions) {
    super(name, options);
  }

  reset(): void {
    this.accuracy.reset();
  }

  update(context: StrategyContext): void {
    const view = minibatchView(context, this.name);
    this.accuracy.updateLabels(view.predicted, view.targets);
  }

  result(): number {
    return this.accuracy.result();
  }
}

/**
 * `Accuracy_On_Trained_Experiences`: stream accuracy over the evaluated experiences whose id is at most
 * the last trained experience's, `acc = sum_{i : exp(i) <= k} [pred_i = y_i] / #{i : exp(i) <= k}`.
 * Reset after each training experience (as Avalanche).
 */
export class TrainedExperienceAccuracy extends AccuracyPluginMetric {
  private lastTrained = 0;

  constructor() {
    super('Accuracy_On_Trained_Experiences', { ...GRANULARITY_SCHEDULE.stream, origin: 'TrainedExperienceAccuracy' });
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

const accuracyOptionsSchema = z.object({ ...granularityFlagsShape, trainedExperience: z.boolean().optional() }).strict();

/** Options of `accuracyMetrics`: one flag per granularity. */
export type AccuracyMetricsOptions = z.infer<typeof accuracyOptionsSchema>;

/**
 * Avalanche's `accuracy_metrics(minibatch, epoch, epoch_running, experience, stream, trained_experience)`:
 * the accuracy plugin metrics of the chosen granularities.
 */
export function accuracyMetrics(options: AccuracyMetricsOptions = {}): PluginMetric[] {
  const opts = parseWithSchema(accuracyOptionsSchema, options, 'accuracyMetrics options');
  const metrics: PluginMetric[] = selectedGranularities(opts).map(
    (g) => new AccuracyPluginMetric(ACCURACY_NAMES[g], { ...GRANULARITY_SCHEDULE[g], origin: `${GRANULARITY_ORIGIN[g]}Accuracy` }),
  );
  if (opts.trainedExperience) metrics.push(new TrainedExperienceAccuracy());
  return metrics;
}
