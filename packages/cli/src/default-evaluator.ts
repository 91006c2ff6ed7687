import type { Evaluator, Logger } from '@avalanche-ts/core';
import { accuracyMetrics, evaluationPlugin, forgettingMetrics, lossMetrics, type PluginMetric } from '@avalanche-ts/evaluation';
import { interactiveLogger } from '@avalanche-ts/loggers';

export interface DefaultEvaluatorOptions {
  /** Loggers instead of the default interactive logger (stdout); `[]` logs nothing. */
  readonly loggers?: readonly Logger[];
}

/**
 * The metrics of the CLI's default evaluator: Avalanche's `default_evaluator()` (accuracy and loss at
 * epoch, experience and stream granularity) plus experience and stream forgetting, which every comparison
 * table reports.
 */
export function defaultMetrics(): PluginMetric[] {
  return [
    ...accuracyMetrics({ epoch: true, experience: true, stream: true }),
    ...lossMetrics({ epoch: true, experience: true, stream: true }),
    ...forgettingMetrics({ experience: true, stream: true }),
  ];
}

/**
 * The default evaluator, composed here rather than in the training package (which knows only core's
 * `Evaluator` interface): {@link defaultMetrics} logged by an interactive logger (text plus progress lines).
 * Pass it as a strategy's `evaluator`.
 */
export function defaultEvaluator(options: DefaultEvaluatorOptions = {}): Evaluator {
  return evaluationPlugin({ metrics: defaultMetrics(), loggers: [...(options.loggers ?? [interactiveLogger()])] });
}
