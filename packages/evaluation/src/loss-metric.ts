import type * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import { Mean } from './mean.js';

/**
 * Standalone loss (Avalanche's `LossMetric`), weighted by batch size: each update adds the batch's mean
 * loss `l` with weight `n`, so the result is `sum(l_b * n_b) / sum(n_b)`. Pass the strategy's total loss
 * to include regulariser terms (as Avalanche's plugin metrics do).
 */
export class LossMetric {
  private readonly mean = new Mean();

  /** `loss`: a number or a tensor (its mean is taken, read back synchronously); `patterns`: batch size. */
  update(loss: number | tf.Tensor, patterns: number): void {
    if (!Number.isFinite(patterns) || patterns < 0) {
      throw new ValidationError(`LossMetric.update: patterns must be a non-negative number; got ${patterns}`);
    }
    const value = typeof loss === 'number' ? loss : meanOf(loss.dataSync());
    this.mean.update(value, patterns);
  }

  /** Pattern-weighted mean loss; 0 before any update. */
  result(): number {
    return this.mean.result();
  }

  reset(): void {
    this.mean.reset();
  }
}

function meanOf(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length === 0 ? 0 : s / values.length;
}

/** Per-task loss (Avalanche's `TaskAwareLoss`): one pattern-weighted `LossMetric` per task label. */
export class TaskAwareLoss {
  private readonly perTask = new Map<number, LossMetric>();

  update(loss: number | tf.Tensor, patterns: number, taskLabel: number): void {
    let metric = this.perTask.get(taskLabel);
    if (metric === undefined) this.perTask.set(taskLabel, (metric = new LossMetric()));
    metric.update(loss, patterns);
  }

  /** `{task: loss}` for every task seen. */
  result(): Map<number, number> {
    return new Map([...this.perTask.entries()].sort((a, b) => a[0] - b[0]).map(([k, m]) => [k, m.result()]));
  }

  reset(): void {
    this.perTask.clear();
  }
}
