import type { MetricData, MetricHistory } from './metric-value.js';
import type { StrategyPlugin } from './strategy-plugin.js';

/**
 * The plugin that computes metrics and feeds loggers. `train()` and `eval()` of the training template
 * return `getLastMetrics()`; the template knows only this interface.
 */
export interface Evaluator extends StrategyPlugin {
  /** Last value of every metric, by full name. */
  getLastMetrics(): Record<string, MetricData>;
  /** Every value of every metric, with x positions. */
  getAllMetrics(): Record<string, MetricHistory>;
}

export function isEvaluator(value: unknown): value is Evaluator {
  return typeof value === 'object' && value !== null && typeof (value as Evaluator).getLastMetrics === 'function';
}
