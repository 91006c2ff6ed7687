import type { MetricValue, StateDict, StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { Accuracy } from './accuracy.js';
import { experienceStreamFlagsSchema, type ExperienceStreamFlags } from './forgetting-metrics.js';
import { ForwardTransfer } from './forward-transfer.js';
import { Mean } from './mean.js';
import { getMetricName } from './metric-name.js';
import { minibatchView } from './minibatch-view.js';
import type { PluginMetric } from './plugin-metric.js';

/**
 * Forward transfer of each evaluated experience (Avalanche's `ExperienceForwardTransfer`):
 * `FWT_k = acc_k^{after k-1} - acc_k^{init}`, the accuracy on experience k right after training on
 * experience k-1 minus its accuracy in the very first `eval()` (before any training: run an evaluation
 * first, e.g. the template's initial periodic eval). Emitted when experience k is evaluated right after
 * training on k-1, as `ExperienceForwardTransfer/eval_phase/{stream}_stream/Task{t:03}/Exp{k:03}`.
 */
export class ExperienceForwardTransferPluginMetric implements PluginMetric {
  readonly name: string;
  protected readonly transfer = new ForwardTransfer();
  protected readonly accuracy = new Accuracy();
  protected atInit = true;
  protected trainExpId: number | undefined;
  protected evalExpId: number | undefined;

  constructor(name = 'ExperienceForwardTransfer') {
    this.name = name;
  }

  beforeTrainingExp(context: StrategyContext): void {
    this.trainExpId = context.experience?.currentExperience;
  }

  beforeEvalExp(_context: StrategyContext): void {
    this.accuracy.reset();
  }

  afterEvalIteration(context: StrategyContext): void {
    this.evalExpId = context.experience?.currentExperience;
    const v = minibatchView(context, this.name);
    this.accuracy.updateLabels(v.predicted, v.targets);
  }

  /** Records the accuracy (initial in the first eval, or right after the previous experience); returns FWT if known. */
  protected record(): { value: number | undefined; fresh: boolean } {
    if (this.evalExpId === undefined) return { value: undefined, fresh: false };
    if (this.atInit) {
      this.transfer.update(this.evalExpId, this.accuracy.result(), true);
      return { value: undefined, fresh: false };
    }
    const fresh = this.trainExpId !== undefined && this.trainExpId === this.evalExpId - 1;
    if (fresh) this.transfer.update(this.evalExpId, this.accuracy.result());
    return { value: this.transfer.result(this.evalExpId), fresh };
  }

  afterEvalExp(context: StrategyContext): MetricValue[] | void {
    const { value, fresh } = this.record();
    if (!fresh || value === undefined) return;
    return [{ origin: this.name, name: getMetricName(this.name, context, { addExperience: true }), value, xPlot: context.clock.trainIterations }];
  }

  afterEval(_context: StrategyContext): MetricValue[] | void {
    this.atInit = false;
  }

  reset(): void {
    this.transfer.resetAll();
    this.accuracy.reset();
    this.atInit = true;
  }

  /** Accuracies at initialisation and after the previous experience, for checkpoints. */
  stateDict(): StateDict {
    return { ...this.transfer.stateDict(), atInit: this.atInit, trainExpId: this.trainExpId ?? null };
  }

  loadStateDict(state: StateDict): void {
    this.transfer.loadStateDict(state as unknown as { initial: number[][]; previous: number[][] });
    this.atInit = state.atInit === true;
    this.trainExpId = typeof state.trainExpId === 'number' ? state.trainExpId : undefined;
  }
}

/**
 * Mean forward transfer over the evaluated experiences that have it (Avalanche's `StreamForwardTransfer`):
 * `FWT = (1/|K|) sum_{k in K} FWT_k`, 0 when K is empty (so 0 after the initial evaluation, as in
 * Avalanche), emitted after each `eval()` as `StreamForwardTransfer/eval_phase/{stream}_stream`.
 */
export class StreamForwardTransferPluginMetric extends ExperienceForwardTransferPluginMetric {
  private readonly mean = new Mean();

  constructor() {
    super('StreamForwardTransfer');
  }

  beforeEval(_context: StrategyContext): void {
    this.mean.reset();
  }

  override afterEvalExp(_context: StrategyContext): void {
    const { value } = this.record();
    if (!this.atInit && value !== undefined) this.mean.update(value, 1);
  }

  override afterEval(context: StrategyContext): MetricValue[] | void {
    super.afterEval(context);
    return [{ origin: this.name, name: getMetricName(this.name, context, { addTask: false }), value: this.mean.result(), xPlot: context.clock.trainIterations }];
  }

  override reset(): void {
    super.reset();
    this.mean.reset();
  }
}

/** Avalanche's `forward_transfer_metrics(experience, stream)`. */
export function forwardTransferMetrics(options: ExperienceStreamFlags = {}): PluginMetric[] {
  const opts = parseWithSchema(experienceStreamFlagsSchema, options, 'forwardTransferMetrics options');
  const out: PluginMetric[] = [];
  if (opts.experience) out.push(new ExperienceForwardTransferPluginMetric());
  if (opts.stream) out.push(new StreamForwardTransferPluginMetric());
  return out;
}
