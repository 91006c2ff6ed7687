import type { MetricValue } from './metric-value.js';
import type { StrategyHooks } from './strategy-plugin.js';

/**
 * A logger receives every metric value the evaluator emits, and may also follow the loop through hooks
 * (to print progress). Loggers never import the evaluation package; the evaluator calls them.
 */
export interface Logger extends StrategyHooks {
  readonly name: string;
  /** Receives metric values as they are emitted (already named in Avalanche's convention). */
  logMetrics(values: readonly MetricValue[]): void;
  /** Flushes and closes files; called once at the end of a run. */
  close?(): void | Promise<void>;
}
