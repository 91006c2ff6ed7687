import { ValidationError } from '@avalanche-ts/core';
import { labelsOf, readRows, type LabelsInput, type ScoreRows } from './labels-of.js';
import { Mean } from './mean.js';

/**
 * Standalone top-k accuracy (Avalanche's `TopkAccuracy`), pattern-weighted: a pattern is correct when its
 * target is among the k highest scores, `acc@k = sum_i [y_i in topk(s_i)] / n`. Ties at the k-th score
 * count as inside (the target needs fewer than k strictly higher scores).
 */
export class TopkAccuracy {
  private readonly mean = new Mean();

  constructor(readonly topK: number) {
    if (!Number.isInteger(topK) || topK < 1) throw new ValidationError(`TopkAccuracy: topK must be a positive integer; got ${topK}`);
  }

  /** `scores`: [n, c] logits or probabilities; `targets`: labels [n] or one-hot [n, c]. */
  update(scores: LabelsInput, targets: LabelsInput): void {
    const rows = readRows(scores, 'scores');
    this.updateScores(rows, labelsOf(targets, 'targets'));
  }

  updateScores(rows: ScoreRows, targets: ArrayLike<number>): void {
    if (rows.rows !== targets.length) {
      throw new ValidationError(`TopkAccuracy: scores have ${rows.rows} rows but targets have ${targets.length}`);
    }
    if (targets.length === 0) return;
    let correct = 0;
    for (let r = 0; r < rows.rows; r++) {
      const target = targets[r];
      if (target < 0 || target >= rows.cols) continue;
      const targetScore = rows.values[r * rows.cols + target];
      let higher = 0;
      for (let c = 0; c < rows.cols && higher < this.topK; c++) if (rows.values[r * rows.cols + c] > targetScore) higher++;
      if (higher < this.topK) correct++;
    }
    this.mean.update(correct / targets.length, targets.length);
  }

  result(): number {
    return this.mean.result();
  }

  reset(): void {
    this.mean.reset();
  }
}
