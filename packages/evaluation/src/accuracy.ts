import { checkSameLength, labelsOf, taskLabelsOf, type LabelsInput } from './labels-of.js';
import { Mean } from './mean.js';

/**
 * Standalone top-1 accuracy (Avalanche's `Accuracy`), task-agnostic and pattern-weighted: each update
 * adds `correct / n` with weight `n`, so the result is `sum(correct) / sum(n)` over every pattern seen
 * since the last reset (not a mean of per-batch accuracies). Predictions and targets may be labels [n]
 * or scores / one-hot vectors [n, c].
 */
export class Accuracy {
  private readonly mean = new Mean();

  update(predicted: LabelsInput, targets: LabelsInput): void {
    const p = labelsOf(predicted, 'predicted');
    const t = labelsOf(targets, 'targets');
    checkSameLength(p, t);
    this.updateLabels(p, t);
  }

  /** Same as `update` with labels already on the CPU. */
  updateLabels(predicted: ArrayLike<number>, targets: ArrayLike<number>): void {
    if (targets.length === 0) return;
    let correct = 0;
    for (let i = 0; i < targets.length; i++) if (predicted[i] === targets[i]) correct++;
    this.mean.update(correct / targets.length, targets.length);
  }

  /** Accuracy in [0, 1]; 0 before any update. */
  result(): number {
    return this.mean.result();
  }

  reset(): void {
    this.mean.reset();
  }
}

/**
 * Standalone per-task accuracy (Avalanche's `TaskAwareAccuracy`): one pattern-weighted `Accuracy` per task
 * label, `acc_t = sum(correct of task t) / count(task t)`.
 */
export class TaskAwareAccuracy {
  private readonly perTask = new Map<number, Accuracy>();

  update(predicted: LabelsInput, targets: LabelsInput, taskLabels: number | LabelsInput): void {
    const p = labelsOf(predicted, 'predicted');
    const t = labelsOf(targets, 'targets');
    checkSameLength(p, t);
    this.updateLabels(p, t, taskLabelsOf(taskLabels, t.length));
  }

  updateLabels(predicted: ArrayLike<number>, targets: ArrayLike<number>, taskLabels: ArrayLike<number>): void {
    const byTask = new Map<number, { p: number[]; t: number[] }>();
    for (let i = 0; i < targets.length; i++) {
      let group = byTask.get(taskLabels[i]);
      if (group === undefined) byTask.set(taskLabels[i], (group = { p: [], t: [] }));
      group.p.push(predicted[i]);
      group.t.push(targets[i]);
    }
    for (const [task, group] of byTask) {
      let acc = this.perTask.get(task);
      if (acc === undefined) this.perTask.set(task, (acc = new Accuracy()));
      acc.updateLabels(group.p, group.t);
    }
  }

  /** `{task: accuracy}` for every task seen, or the accuracy of one task (0 if unseen). */
  result(): Map<number, number>;
  result(task: number): number;
  result(task?: number): Map<number, number> | number {
    if (task !== undefined) return this.perTask.get(task)?.result() ?? 0;
    return new Map([...this.perTask.entries()].sort((a, b) => a[0] - b[0]).map(([k, a]) => [k, a.result()]));
  }

  reset(): void {
    this.perTask.clear();
  }
}
