import type { HookName, MetricValue, StateDict, StrategyContext } from '@avalanche-ts/core';

/** What a metric hook returns: the values it emits now (possibly none), synchronously or not. */
export type MetricHookResult = readonly MetricValue[] | void;

/** A metric hook: reads the loop's state through core's StrategyContext only. */
export type MetricHook = (context: StrategyContext) => MetricHookResult | Promise<MetricHookResult>;

/**
 * A metric that follows the loop (Avalanche's `PluginMetric`): optional hooks named as the strategy's,
 * each returning the values to emit. The evaluation plugin forwards every hook to every metric and
 * passes what they return to the loggers.
 */
export type PluginMetric = {
  /** The metric's base name, e.g. "Top1_Acc_Stream" (the first component of every key it emits). */
  readonly name: string;
  /** Clears the accumulated state. */
  reset?(): void;
  /** Frees whatever the metric keeps (most keep only numbers). */
  dispose?(): void;
  /** State that must survive a checkpoint (initial accuracies of forgetting, the accuracy matrix, ...). */
  stateDict?(): StateDict;
  loadStateDict?(state: StateDict): void;
} & { readonly [K in HookName]?: MetricHook };

/** True for objects usable as plugin metrics (a string `name`). */
export function isPluginMetric(value: unknown): value is PluginMetric {
  return typeof value === 'object' && value !== null && typeof (value as PluginMetric).name === 'string';
}
