import { ValidationError } from '@avalanche-ts/core';
import { checkSameLength, labelsOf, type LabelsInput } from './labels-of.js';

/** How a confusion matrix is normalised: rows sum to 1 ('true'), columns ('pred'), all cells ('all'). */
export type ConfusionNormalize = 'true' | 'pred' | 'all';

/**
 * Standalone confusion matrix (Avalanche's `ConfusionMatrix`): `M[i][j] = #{samples with target i
 * predicted as j}`. With `nClasses` the matrix is that size (labels outside it are an error); without, it
 * grows to `max(label) + 1`. `normalize` divides by the row sums ('true'), column sums ('pred') or the
 * total ('all'); empty rows/columns stay 0.
 */
export class ConfusionMatrix {
  private counts: number[][] = [];

  constructor(
    readonly nClasses?: number,
    readonly normalize?: ConfusionNormalize,
  ) {
    if (nClasses !== undefined && (!Number.isInteger(nClasses) || nClasses < 1)) {
      throw new ValidationError(`ConfusionMatrix: nClasses must be a positive integer; got ${nClasses}`);
    }
    this.reset();
  }

  update(predicted: LabelsInput, targets: LabelsInput): void {
    const p = labelsOf(predicted, 'predicted');
    const t = labelsOf(targets, 'targets');
    checkSameLength(p, t);
    this.updateLabels(p, t);
  }

  updateLabels(predicted: ArrayLike<number>, targets: ArrayLike<number>): void {
    for (let i = 0; i < targets.length; i++) {
      const top = Math.max(predicted[i], targets[i]);
      if (predicted[i] < 0 || targets[i] < 0) throw new ValidationError(`ConfusionMatrix: labels must be >= 0; got target ${targets[i]}, prediction ${predicted[i]}`);
      if (this.nClasses !== undefined && top >= this.nClasses) {
        throw new ValidationError(`ConfusionMatrix: label ${top} is outside nClasses = ${this.nClasses}`);
      }
      this.grow(top + 1);
      this.counts[targets[i]][predicted[i]] += 1;
    }
  }

  private grow(size: number): void {
    if (size <= this.counts.length) return;
    for (const row of this.counts) while (row.length < size) row.push(0);
    while (this.counts.length < size) this.counts.push(new Array<number>(size).fill(0));
  }

  /** The matrix, rows = targets, columns = predictions, normalised as configured. */
  result(): number[][] {
    const m = this.counts.map((row) => [...row]);
    if (this.normalize === 'true') {
      for (const row of m) {
        const s = row.reduce((a, b) => a + b, 0);
        if (s > 0) for (let j = 0; j < row.length; j++) row[j] /= s;
      }
    } else if (this.normalize === 'pred') {
      for (let j = 0; j < m.length; j++) {
        const s = m.reduce((a, row) => a + row[j], 0);
        if (s > 0) for (const row of m) row[j] /= s;
      }
    } else if (this.normalize === 'all') {
      const s = m.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0);
      if (s > 0) for (const row of m) for (let j = 0; j < row.length; j++) row[j] /= s;
    }
    return m;
  }

  reset(): void {
    this.counts = [];
    if (this.nClasses !== undefined) this.grow(this.nClasses);
  }
}
