import * as tf from '@tensorflow/tfjs';
import type { Evaluator, MetricData, MetricHistory, StateDict, StrategyContext } from '@avalanche-ts/core';

/**
 * Test double of an evaluator (training must not import the evaluation package): accuracy and mean loss of
 * every evaluated experience and stream, named as Avalanche (`Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp001`,
 * `Top1_Acc_Stream/eval_phase/test_stream/Task000`), with a history and a state dict for checkpoints.
 */
export class TestEvaluator implements Evaluator {
  readonly name = 'TestEvaluator';
  private last: Record<string, MetricData> = {};
  private history: Record<string, { x: number[]; values: MetricData[] }> = {};
  private expCorrect = 0;
  private expLoss = 0;
  private expSeen = 0;
  private streamCorrect = 0;
  private streamSeen = 0;
  /** Training minibatches seen, to check the loop ran. */
  trainIterations = 0;

  beforeEval(): void {
    this.streamCorrect = 0;
    this.streamSeen = 0;
  }

  beforeEvalExp(): void {
    this.expCorrect = 0;
    this.expLoss = 0;
    this.expSeen = 0;
  }

  afterEvalIteration(ctx: StrategyContext): void {
    const n = ctx.minibatch!.y.shape[0];
    const correct = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(ctx.mbOutput!, 1), ctx.minibatch!.y), 'int32')).dataSync()[0]);
    this.expCorrect += correct;
    this.expLoss += ctx.loss!.dataSync()[0] * n;
    this.expSeen += n;
  }

  afterEvalExp(ctx: StrategyContext): void {
    const exp = ctx.experience!;
    const suffix = `${ctx.evalStreamName}_stream/Task${pad(exp.taskLabels[0] ?? 0)}/Exp${pad(exp.currentExperience)}`;
    this.emit(`Top1_Acc_Exp/eval_phase/${suffix}`, this.expCorrect / this.expSeen, ctx);
    this.emit(`Loss_Exp/eval_phase/${suffix}`, this.expLoss / this.expSeen, ctx);
    this.streamCorrect += this.expCorrect;
    this.streamSeen += this.expSeen;
  }

  afterEval(ctx: StrategyContext): void {
    if (this.streamSeen > 0) this.emit(`Top1_Acc_Stream/eval_phase/${ctx.evalStreamName}_stream/Task000`, this.streamCorrect / this.streamSeen, ctx);
  }

  afterTrainingIteration(): void {
    this.trainIterations += 1;
  }

  getLastMetrics(): Record<string, MetricData> {
    return { ...this.last };
  }

  getAllMetrics(): Record<string, MetricHistory> {
    return JSON.parse(JSON.stringify(this.history)) as Record<string, MetricHistory>;
  }

  stateDict(): StateDict {
    return { last: JSON.parse(JSON.stringify(this.last)), history: JSON.parse(JSON.stringify(this.history)), trainIterations: this.trainIterations };
  }

  loadStateDict(state: StateDict): void {
    this.last = JSON.parse(JSON.stringify(state.last));
    this.history = JSON.parse(JSON.stringify(state.history));
    this.trainIterations = state.trainIterations as number;
  }

  private emit(name: string, value: number, ctx: StrategyContext): void {
    this.last[name] = value;
    const h = (this.history[name] ??= { x: [], values: [] });
    h.x.push(ctx.clock.trainIterations);
    h.values.push(value);
  }
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}
