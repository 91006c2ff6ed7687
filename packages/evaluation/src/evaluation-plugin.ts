import type { Evaluator, HookName, Logger, MetricData, MetricHistory, MetricValue, StateDict, StrategyContext, StrategyControls } from '@avalanche-ts/core';
import { HOOK_NAMES, parseWithSchema, PluginError } from '@avalanche-ts/core';
import { z } from 'zod';
import { isPluginMetric, type MetricHookResult, type PluginMetric } from './plugin-metric.js';

/** Options of `evaluationPlugin`. */
export interface EvaluationPluginOptions {
  /** Plugin metrics, or lists of them (what the `*Metrics` helpers return). */
  readonly metrics: ReadonlyArray<PluginMetric | readonly PluginMetric[]>;
  /** Loggers that receive every emitted value (and follow the loop through their own hooks). */
  readonly loggers?: Logger | readonly Logger[];
  /** Keep every value with its x position for `getAllMetrics()` (default true, as Avalanche's `collect_all`). */
  readonly collectAllMetrics?: boolean;
}

const metricSchema = z.custom<PluginMetric>(isPluginMetric, 'a plugin metric (an object with a string `name`)');
const loggerSchema = z.custom<Logger>(
  (v) => typeof v === 'object' && v !== null && typeof (v as Logger).logMetrics === 'function' && typeof (v as Logger).name === 'string',
  'a Logger (an object with `name` and `logMetrics(values)`)',
);
const optionsSchema = z
  .object({
    metrics: z.array(z.union([metricSchema, z.array(metricSchema)])),
    loggers: z.union([loggerSchema, z.array(loggerSchema)]).optional(),
    collectAllMetrics: z.boolean().optional(),
  })
  .strict();

type Hook = (context: StrategyContext, controls: StrategyControls) => void | Promise<void>;

function isPromise<T>(value: unknown): value is Promise<T> {
  return typeof value === 'object' && value !== null && typeof (value as Promise<T>).then === 'function';
}

/**
 * The evaluator (Avalanche's `EvaluationPlugin`): forwards every hook to every metric, records what they
 * emit (`getLastMetrics()` is what the template's `train()` / `eval()` return; it accumulates every value
 * ever emitted, train and eval phases alike, until `resetLastMetrics()`), and passes the values to each
 * logger's `logMetrics` and then to the logger's own hook. Only hooks some metric or logger implements
 * are defined, so the dispatcher skips the rest. Hooks stay synchronous unless a metric or logger returns
 * a promise. A throwing metric or logger becomes a PluginError naming it.
 */
export class EvaluationPlugin implements Evaluator {
  readonly name = 'EvaluationPlugin';
  /** When false, hooks do nothing (Avalanche's `active`). */
  active = true;
  readonly metrics: readonly PluginMetric[];
  readonly loggers: readonly Logger[];
  readonly collectAllMetrics: boolean;
  private last = new Map<string, MetricData>();
  private readonly all = new Map<string, { x: number[]; values: MetricData[] }>();

  constructor(options: EvaluationPluginOptions) {
    const opts = parseWithSchema(optionsSchema, options, 'evaluationPlugin options');
    // Use the caller's objects (zod's output of z.custom is the same object, but keep it explicit).
    this.metrics = options.metrics.flatMap((m) => (Array.isArray(m) ? (m as PluginMetric[]) : [m as PluginMetric]));
    this.loggers = options.loggers === undefined ? [] : Array.isArray(options.loggers) ? [...(options.loggers as Logger[])] : [options.loggers as Logger];
    this.collectAllMetrics = opts.collectAllMetrics ?? true;
    const self = this as unknown as Record<HookName, Hook>;
    for (const hook of HOOK_NAMES) {
      const metrics = this.metrics.filter((m) => typeof m[hook] === 'function');
      // Every logger gets logMetrics; the hook exists only where a metric emits or a logger follows it.
      if (metrics.length === 0 && !this.loggers.some((l) => typeof l[hook] === 'function')) continue;
      self[hook] = (context, controls) => this.runHook(hook, metrics, this.loggers, context, controls);
    }
  }

  private runHook(hook: HookName, metrics: readonly PluginMetric[], loggers: readonly Logger[], context: StrategyContext, controls: StrategyControls): void | Promise<void> {
    if (!this.active) return;
    const values: MetricValue[] = [];
    for (let i = 0; i < metrics.length; i++) {
      const result = this.callMetric(metrics[i], hook, context);
      if (isPromise<MetricHookResult>(result)) return this.runHookAsync(hook, metrics, loggers, context, controls, values, result, i);
      if (result) values.push(...result);
    }
    return this.notify(hook, loggers, values, context, controls);
  }

  private async runHookAsync(
    hook: HookName,
    metrics: readonly PluginMetric[],
    loggers: readonly Logger[],
    context: StrategyContext,
    controls: StrategyControls,
    values: MetricValue[],
    pending: Promise<MetricHookResult>,
    index: number,
  ): Promise<void> {
    values.push(...((await this.guard(metrics[index], hook, pending)) ?? []));
    for (let i = index + 1; i < metrics.length; i++) {
      const result = this.callMetric(metrics[i], hook, context);
      const resolved = isPromise<MetricHookResult>(result) ? await this.guard(metrics[i], hook, result) : result;
      if (resolved) values.push(...resolved);
    }
    await this.notify(hook, loggers, values, context, controls);
  }

  private callMetric(metric: PluginMetric, hook: HookName, context: StrategyContext): MetricHookResult | Promise<MetricHookResult> {
    try {
      return metric[hook]!(context);
    } catch (error) {
      throw new PluginError(`${this.name}[metric ${metric.name}]`, hook, error);
    }
  }

  private async guard(metric: PluginMetric, hook: HookName, pending: Promise<MetricHookResult>): Promise<MetricHookResult> {
    try {
      return await pending;
    } catch (error) {
      throw new PluginError(`${this.name}[metric ${metric.name}]`, hook, error);
    }
  }

  private notify(hook: HookName, loggers: readonly Logger[], values: readonly MetricValue[], context: StrategyContext, controls: StrategyControls): void | Promise<void> {
    for (const v of values) this.publishMetricValue(v);
    for (let i = 0; i < loggers.length; i++) {
      const logger = loggers[i];
      let result: void | Promise<void>;
      try {
        if (values.length > 0) logger.logMetrics(values);
        result = logger[hook]?.(context, controls);
      } catch (error) {
        throw new PluginError(`${this.name}[logger ${logger.name}]`, hook, error);
      }
      if (isPromise<void>(result)) return this.notifyAsync(hook, loggers, i, result, values, context, controls);
    }
  }

  private async notifyAsync(hook: HookName, loggers: readonly Logger[], index: number, pending: Promise<void>, values: readonly MetricValue[], context: StrategyContext, controls: StrategyControls): Promise<void> {
    for (let i = index; i < loggers.length; i++) {
      const logger = loggers[i];
      try {
        if (i === index) await pending;
        else {
          if (values.length > 0) logger.logMetrics(values);
          await logger[hook]?.(context, controls);
        }
      } catch (error) {
        throw new PluginError(`${this.name}[logger ${logger.name}]`, hook, error);
      }
    }
  }

  /** Records one value as the last of its name (and in the history when collecting). */
  publishMetricValue(value: MetricValue): void {
    this.last.set(value.name, value.value);
    if (!this.collectAllMetrics) return;
    let history = this.all.get(value.name);
    if (history === undefined) this.all.set(value.name, (history = { x: [], values: [] }));
    history.x.push(value.xPlot);
    history.values.push(value.value);
  }

  /** The last value of every metric ever emitted, by full name (a shallow copy). */
  getLastMetrics(): Record<string, MetricData> {
    return Object.fromEntries(this.last);
  }

  /** Every value of every metric with its x position (`clock.trainIterations`); empty unless `collectAllMetrics`. */
  getAllMetrics(): Record<string, MetricHistory> {
    return Object.fromEntries([...this.all].map(([name, h]) => [name, { x: [...h.x], values: [...h.values] }]));
  }

  /** Forgets the last values (the history stays). */
  resetLastMetrics(): void {
    this.last = new Map();
  }

  /**
   * The recorded values and the state of every metric that keeps one across phases (keyed
   * `{position}:{name}`), so a resumed run emits the same forgetting, transfer and matrices.
   */
  stateDict(): StateDict {
    const metrics: Record<string, StateDict> = {};
    this.metrics.forEach((m, i) => {
      if (typeof m.stateDict === 'function') metrics[`${i}:${m.name}`] = m.stateDict();
    });
    return {
      last: Object.fromEntries(this.last) as StateDict,
      all: Object.fromEntries([...this.all].map(([n, h]) => [n, { x: h.x, values: h.values as StateDict[string][] }])) as StateDict,
      metrics,
    };
  }

  loadStateDict(state: StateDict): void {
    const last = (state.last ?? {}) as unknown as Record<string, MetricData>;
    const all = (state.all ?? {}) as unknown as Record<string, MetricHistory>;
    this.last = new Map(Object.entries(last));
    this.all.clear();
    for (const [name, h] of Object.entries(all)) this.all.set(name, { x: [...h.x], values: [...h.values] });
    const metrics = (state.metrics ?? {}) as Record<string, StateDict>;
    this.metrics.forEach((m, i) => {
      const saved = metrics[`${i}:${m.name}`];
      if (saved !== undefined && typeof m.loadStateDict === 'function') m.loadStateDict(saved);
    });
  }

  dispose(): void {
    for (const m of this.metrics) m.dispose?.();
  }
}

/**
 * Avalanche's `EvaluationPlugin(*metrics, loggers, collect_all)` as a factory:
 * `evaluationPlugin({ metrics: [accuracyMetrics({ stream: true })], loggers: [logger] })`.
 */
export function evaluationPlugin(options: EvaluationPluginOptions): EvaluationPlugin {
  return new EvaluationPlugin(options);
}
