import type { MetricValue, StateDict, StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { Accuracy } from './accuracy.js';
import { BWT, Forgetting } from './forgetting.js';
import { Mean } from './mean.js';
import { getMetricName } from './metric-name.js';
import { minibatchView } from './minibatch-view.js';
import type { PluginMetric } from './plugin-metric.js';

/**
 * Accuracy forgetting of each evaluated experience (Avalanche's `ExperienceForgetting`, or
 * `ExperienceBWT` with `bwt`): `F_k = acc_k^{init} - acc_k^{now}`, where `acc_k^{init}` is the accuracy on
 * experience k in the evaluation right after training on k (the eval where the last trained experience
 * is k) and `acc_k^{now}` the current one; `BWT_k = -F_k`. Emitted after each evaluated experience that
 * has both values, as `ExperienceForgetting/eval_phase/{stream}_stream/Task{t:03}/Exp{k:03}`.
 */
export class ExperienceForgettingPluginMetric implements PluginMetric {
  readonly name: string;
  protected readonly forgetting: Forgetting;
  protected readonly accuracy = new Accuracy();
  protected trainExpId: number | undefined;
  protected evalExpId: number | undefined;

  constructor(bwt = false, name?: string) {
    this.forgetting = bwt ? new BWT() : new Forgetting();
    this.name = name ?? (bwt ? 'ExperienceBWT' : 'ExperienceForgetting');
  }

  beforeTrainingExp(context: StrategyContext): void {
    this.trainExpId = context.experience?.currentExperience;
  }

  beforeEval(_context: StrategyContext): void {
    this.forgetting.resetLast();
  }

  beforeEvalExp(_context: StrategyContext): void {
    this.accuracy.reset();
  }

  afterEvalIteration(context: StrategyContext): void {
    this.evalExpId = context.experience?.currentExperience;
    const v = minibatchView(context, this.name);
    this.accuracy.updateLabels(v.predicted, v.targets);
  }

  /** Records the experience's accuracy as initial (just trained on it) or last; returns its forgetting, if any. */
  protected record(): number | undefined {
    if (this.evalExpId === undefined) return undefined;
    this.forgetting.update(this.evalExpId, this.accuracy.result(), this.trainExpId === this.evalExpId);
    return this.forgetting.result(this.evalExpId);
  }

  afterEvalExp(context: StrategyContext): MetricValue[] | void {
    const value = this.record();
    if (value === undefined) return;
    return [{ origin: this.name, name: getMetricName(this.name, context, { addExperience: true }), value, xPlot: context.clock.trainIterations }];
  }

  reset(): void {
    this.forgetting.reset();
    this.accuracy.reset();
  }

  /** Initial and last accuracies and the last trained experience, so forgetting survives a checkpoint. */
  stateDict(): StateDict {
    return { ...this.forgetting.stateDict(), trainExpId: this.trainExpId ?? null };
  }

  loadStateDict(state: StateDict): void {
    this.forgetting.loadStateDict(state as unknown as { initial: number[][]; last: number[][] });
    this.trainExpId = typeof state.trainExpId === 'number' ? state.trainExpId : undefined;
  }
}

/**
 * Mean accuracy forgetting over the evaluated experiences that have an initial value (Avalanche's
 * `StreamForgetting`, or `StreamBWT` with `bwt`): `F = (1/|K|) sum_{k in K} (acc_k^{init} - acc_k^{now})`,
 * 0 when K is empty. Emitted after each `eval()` as `StreamForgetting/eval_phase/{stream}_stream` (no task).
 */
export class StreamForgettingPluginMetric extends ExperienceForgettingPluginMetric {
  private readonly mean = new Mean();

  constructor(bwt = false) {
    super(bwt, bwt ? 'StreamBWT' : 'StreamForgetting');
  }

  override beforeEval(context: StrategyContext): void {
    super.beforeEval(context);
    this.mean.reset();
  }

  override afterEvalExp(_context: StrategyContext): void {
    const value = this.record();
    if (value !== undefined) this.mean.update(value, 1);
  }

  afterEval(context: StrategyContext): MetricValue[] {
    return [{ origin: this.name, name: getMetricName(this.name, context, { addTask: false }), value: this.mean.result(), xPlot: context.clock.trainIterations }];
  }

  override reset(): void {
    super.reset();
    this.mean.reset();
  }
}

const flagsSchema = z.object({ experience: z.boolean().optional(), stream: z.boolean().optional() }).strict();

/** Options of `forgettingMetrics` / `bwtMetrics` / `forwardTransferMetrics`. */
export type ExperienceStreamFlags = z.infer<typeof flagsSchema>;

/** Avalanche's `forgetting_metrics(experience, stream)`. */
export function forgettingMetrics(options: ExperienceStreamFlags = {}): PluginMetric[] {
  const opts = parseWithSchema(flagsSchema, options, 'forgettingMetrics options');
  const out: PluginMetric[] = [];
  if (opts.experience) out.push(new ExperienceForgettingPluginMetric(false));
  if (opts.stream) out.push(new StreamForgettingPluginMetric(false));
  return out;
}

/** Avalanche's `bwt_metrics(experience, stream)`: backward transfer, `BWT_k = acc_k^{now} - acc_k^{init}`. */
export function bwtMetrics(options: ExperienceStreamFlags = {}): PluginMetric[] {
  const opts = parseWithSchema(flagsSchema, options, 'bwtMetrics options');
  const out: PluginMetric[] = [];
  if (opts.experience) out.push(new ExperienceForgettingPluginMetric(true));
  if (opts.stream) out.push(new StreamForgettingPluginMetric(true));
  return out;
}

export { flagsSchema as experienceStreamFlagsSchema };
