import type { MetricValue, StateDict, StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { MultiStreamAMCA } from './average-mean-class-accuracy.js';
import type { TrackedClasses } from './class-accuracy.js';
import { streamOf } from './metric-name.js';
import { minibatchView } from './minibatch-view.js';
import type { PluginMetric } from './plugin-metric.js';

/**
 * `Top1_AMCA_Stream` (Avalanche's `AMCAPluginMetric`): the Average Mean Class Accuracy of each tracked
 * stream and task, `AMCA_t = (1/P) sum_p (1/|C_t|) sum_c acc_{t,c}^{(p)}` over the evaluation phases p so
 * far, emitted after each `eval()` as `Top1_AMCA_Stream/{stream}_stream/Task{t:03}` (no phase part, as in
 * Avalanche). Evaluations run inside `train()` (periodic validation) are ignored unless
 * `ignoreValidation` is false.
 */
export class AMCAPluginMetric implements PluginMetric {
  readonly name = 'Top1_AMCA_Stream';
  private readonly amca: MultiStreamAMCA;
  private inTraining = false;

  constructor(
    classes?: TrackedClasses,
    streams?: readonly string[],
    private readonly ignoreValidation = true,
  ) {
    this.amca = new MultiStreamAMCA(classes, streams);
  }

  private ignoring(): boolean {
    return this.inTraining && this.ignoreValidation;
  }

  beforeTraining(): void {
    this.inTraining = true;
  }

  afterTraining(): void {
    this.inTraining = false;
  }

  beforeEval(): void {
    // Consolidates the previous phase; a no-op on the first.
    if (!this.ignoring()) this.amca.finishPhase();
  }

  beforeEvalExp(context: StrategyContext): void {
    if (!this.ignoring()) this.amca.setStream(streamOf(context));
  }

  afterEvalIteration(context: StrategyContext): void {
    if (this.ignoring() || !this.amca.isTracked(streamOf(context))) return;
    const v = minibatchView(context, this.name);
    this.amca.updateLabels(v.predicted, v.targets, v.taskLabels);
  }

  afterEval(context: StrategyContext): MetricValue[] {
    if (this.ignoring()) return [];
    const values: MetricValue[] = [];
    for (const [stream, perTask] of this.amca.result()) {
      for (const [task, amca] of perTask) {
        values.push({ origin: 'AMCAPluginMetric', name: `${this.name}/${stream}_stream/Task${String(task).padStart(3, '0')}`, value: amca, xPlot: context.clock.trainIterations });
      }
    }
    return values;
  }

  reset(): void {
    this.amca.reset();
  }

  stateDict(): StateDict {
    return { streams: this.amca.stateDict(), inTraining: this.inTraining };
  }

  loadStateDict(state: StateDict): void {
    this.amca.loadStateDict((state.streams ?? {}) as Record<string, number[][]>);
    this.inTraining = state.inTraining === true;
  }
}

const amcaOptionsSchema = z
  .object({
    streams: z.array(z.string()).optional(),
    classes: z.union([z.array(z.number().int()), z.record(z.string(), z.array(z.number().int())), z.custom<ReadonlyMap<number, readonly number[]>>((v) => v instanceof Map)]).optional(),
    ignoreValidation: z.boolean().optional(),
  })
  .strict();

/** Options of `amcaMetrics`. */
export interface AmcaMetricsOptions {
  /** Streams to track; default `['test']` (as Avalanche's helper). */
  readonly streams?: readonly string[];
  readonly classes?: TrackedClasses;
  /** Ignore evaluations inside `train()`; default true. */
  readonly ignoreValidation?: boolean;
}

/** Avalanche's `amca_metrics(streams=("test",))`. */
export function amcaMetrics(options: AmcaMetricsOptions = {}): PluginMetric[] {
  parseWithSchema(amcaOptionsSchema, options, 'amcaMetrics options');
  return [new AMCAPluginMetric(options.classes, options.streams ?? ['test'], options.ignoreValidation ?? true)];
}
