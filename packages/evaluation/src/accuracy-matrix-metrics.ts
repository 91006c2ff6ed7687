import type { MetricValue, StateDict, StrategyContext } from '@avalanche-ts/core';
import { Accuracy } from './accuracy.js';
import { minibatchView } from './minibatch-view.js';
import type { PluginMetric } from './plugin-metric.js';

/**
 * `EvalStream/Acc_Matrix` (Avalanche's `AccuracyMatrixPluginMetric`): `R[i][j]` = accuracy on experience j
 * of the evaluated stream after the i-th call of `train()` (i counts from 0), a square matrix grown as
 * needed, emitted after each `eval()`. Evaluations before the first `train()` have no row and are not
 * recorded (Avalanche fails there).
 */
export class AccuracyMatrixPluginMetric implements PluginMetric {
  readonly name = 'EvalStream/Acc_Matrix';
  private readonly accuracy = new Accuracy();
  private matrix: number[][] = [];
  private trainingSteps: number | undefined;

  beforeTraining(): void {
    this.trainingSteps = this.trainingSteps === undefined ? 0 : this.trainingSteps + 1;
  }

  afterEvalIteration(context: StrategyContext): void {
    const v = minibatchView(context, this.name);
    this.accuracy.updateLabels(v.predicted, v.targets);
  }

  beforeEvalExp(): void {
    this.accuracy.reset();
  }

  afterEvalExp(context: StrategyContext): void {
    const j = context.experience?.currentExperience;
    if (this.trainingSteps === undefined || j === undefined) return;
    const size = Math.max(this.trainingSteps, j) + 1;
    if (size > this.matrix.length) {
      for (const row of this.matrix) while (row.length < size) row.push(0);
      while (this.matrix.length < size) this.matrix.push(new Array<number>(size).fill(0));
    }
    this.matrix[this.trainingSteps][j] = this.accuracy.result();
  }

  afterEval(context: StrategyContext): MetricValue[] {
    return [{ origin: 'AccuracyMatrixPluginMetric', name: this.name, value: this.result(), xPlot: context.clock.trainIterations }];
  }

  /** A copy of the matrix. */
  result(): number[][] {
    return this.matrix.map((row) => [...row]);
  }

  reset(): void {
    this.matrix = [];
    this.accuracy.reset();
  }

  stateDict(): StateDict {
    return { matrix: this.result(), trainingSteps: this.trainingSteps ?? null };
  }

  loadStateDict(state: StateDict): void {
    this.matrix = ((state.matrix ?? []) as number[][]).map((row) => [...row]);
    this.trainingSteps = typeof state.trainingSteps === 'number' ? state.trainingSteps : undefined;
  }
}

/** Avalanche's `accuracy_matrix_metrics()`. */
export function accuracyMatrixMetrics(): PluginMetric[] {
  return [new AccuracyMatrixPluginMetric()];
}
