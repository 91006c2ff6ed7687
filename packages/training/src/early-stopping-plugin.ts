import * as tf from '@tensorflow/tfjs';
import {
  StrategyError,
  parseWithSchema,
  type Evaluator,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { z } from 'zod';

const optionsSchema = z
  .object({
    patience: z.number().int().positive(),
    valStreamName: z.string().min(1),
    metricName: z.string().min(1).default('Top1_Acc_Stream'),
    mode: z.enum(['max', 'min']).default('max'),
    pevalMode: z.enum(['epoch', 'iteration']).default('epoch'),
    margin: z.number().nonnegative().default(0),
    verbose: z.boolean().default(false),
    evaluator: z.custom<Evaluator>((v) => typeof (v as Evaluator)?.getLastMetrics === 'function', { message: 'expected an Evaluator' }),
  })
  .strict();

/** Options of {@link earlyStoppingPlugin} (Avalanche's `EarlyStoppingPlugin`, camelCased, plus the evaluator to read). */
export type EarlyStoppingPluginOptions = z.input<typeof optionsSchema>;

/**
 * Avalanche's `EarlyStoppingPlugin`. Before each epoch (or iteration, per `pevalMode`) it reads the evaluator's
 * last metrics whose names start with `{metricName}/eval_phase/{valStreamName}` (a prefix match; the last match
 * wins), keeps a copy of the model's weights whenever the value improves by more than `margin`
 * (`value − best > margin` in max mode, `best − value > margin` in min mode), and when `patience` epochs
 * (iterations) of the experience have passed since the best one it restores the best weights and stops
 * training. The strategy must evaluate the stream periodically (`evalEvery` with the same `pevalMode`).
 * Best value and step reset at each `train()` call, as in Avalanche.
 */
export class EarlyStoppingPlugin implements StrategyPlugin {
  readonly name = 'EarlyStoppingPlugin';
  private readonly o: z.output<typeof optionsSchema>;
  private readonly metricKey: string;
  private bestState: Record<string, tf.Tensor> | undefined;
  private bestValue: number | undefined;
  private bestStep: number | undefined;

  constructor(options: EarlyStoppingPluginOptions) {
    this.o = parseWithSchema(optionsSchema, options, 'earlyStoppingPluginOptions');
    this.metricKey = `${this.o.metricName}/eval_phase/${this.o.valStreamName}`;
  }

  /** Best metric value seen since `train()` started, if any. */
  get best(): number | undefined {
    return this.bestValue;
  }

  beforeTraining(): void {
    this.clearBest();
    this.bestValue = undefined;
    this.bestStep = undefined;
  }

  beforeTrainingEpoch(context: StrategyContext, controls: StrategyControls): void {
    if (this.o.pevalMode === 'epoch') this.check(context, controls, context.clock.trainExpEpochs);
  }

  beforeTrainingIteration(context: StrategyContext, controls: StrategyControls): void {
    if (this.o.pevalMode === 'iteration') this.check(context, controls, context.clock.trainExpIterations);
  }

  stateDict(): StateDict {
    return { bestValue: this.bestValue ?? null, bestStep: this.bestStep ?? null, bestState: this.bestState ?? null };
  }

  loadStateDict(state: StateDict): void {
    const saved = state.bestState as Record<string, tf.Tensor> | null;
    // Copy before freeing the current state: `state` may be this plugin's own stateDict().
    const copy = saved === null ? undefined : Object.fromEntries(Object.entries(saved).map(([k, t]) => [k, tf.keep(t.clone())]));
    this.clearBest();
    this.bestState = copy;
    this.bestValue = state.bestValue === null ? undefined : (state.bestValue as number);
    this.bestStep = state.bestStep === null ? undefined : (state.bestStep as number);
  }

  dispose(): void {
    this.clearBest();
  }

  private check(context: StrategyContext, controls: StrategyControls, step: number): void {
    const value = this.currentValue();
    if (value === undefined) return;
    const improved =
      this.bestValue === undefined || (this.o.mode === 'max' ? value - this.bestValue > this.o.margin : this.bestValue - value > this.o.margin);
    if (improved) {
      this.clearBest();
      this.bestState = Object.fromEntries(Object.entries(context.model.stateDict()).map(([k, t]) => [k, tf.keep(t.clone())]));
      // As Avalanche: the first value found sets step 0, later improvements the current counter.
      this.bestStep = this.bestValue === undefined ? 0 : step;
      this.bestValue = value;
      if (this.o.verbose) console.log(`EarlyStopping: new best value: ${value}`);
      return;
    }
    if (this.bestStep !== undefined && step - this.bestStep >= this.o.patience) {
      if (this.bestState) context.model.loadStateDict(this.bestState);
      if (this.o.verbose) console.log(`EarlyStopping: stopping, restoring the weights of step ${this.bestStep}`);
      controls.stopTraining();
    }
  }

  private currentValue(): number | undefined {
    const metrics = this.o.evaluator.getLastMetrics();
    const names = Object.keys(metrics).filter((k) => k.startsWith(this.metricKey));
    if (names.length === 0) return undefined;
    const value = metrics[names[names.length - 1]];
    if (typeof value !== 'number') {
      throw new StrategyError(`EarlyStoppingPlugin: metric "${names[names.length - 1]}" is not a number (got ${JSON.stringify(value)})`);
    }
    return value;
  }

  private clearBest(): void {
    if (this.bestState) for (const t of Object.values(this.bestState)) t.dispose();
    this.bestState = undefined;
  }
}

/** Creates an {@link EarlyStoppingPlugin}. */
export function earlyStoppingPlugin(options: EarlyStoppingPluginOptions): EarlyStoppingPlugin {
  return new EarlyStoppingPlugin(options);
}
