import { ValidationError } from '@avalanche-ts/core';

/**
 * Standalone label histogram (Avalanche's `LabelsRepartition`): `count_{t,c} = #{samples of task t with
 * label c}`. With `classOrder` the labels of each task are listed in that order (labels outside it are
 * dropped from the result), otherwise ascending.
 */
export class LabelsRepartition {
  private readonly counts = new Map<number, Map<number, number>>();
  private classOrder: readonly number[] | undefined;

  update(taskLabels: ArrayLike<number>, labels: ArrayLike<number>, classOrder?: readonly number[]): void {
    if (taskLabels.length !== labels.length) {
      throw new ValidationError(`LabelsRepartition: ${taskLabels.length} task labels but ${labels.length} labels`);
    }
    if (classOrder !== undefined) this.classOrder = classOrder;
    for (let i = 0; i < labels.length; i++) {
      let perTask = this.counts.get(taskLabels[i]);
      if (perTask === undefined) this.counts.set(taskLabels[i], (perTask = new Map()));
      perTask.set(labels[i], (perTask.get(labels[i]) ?? 0) + 1);
    }
  }

  /** `task -> (label -> count)`, tasks ascending. */
  result(): Map<number, Map<number, number>> {
    const out = new Map<number, Map<number, number>>();
    for (const task of [...this.counts.keys()].sort((a, b) => a - b)) {
      const perTask = this.counts.get(task)!;
      const order = this.classOrder ?? [...perTask.keys()].sort((a, b) => a - b);
      out.set(task, new Map(order.filter((c) => perTask.has(c)).map((c) => [c, perTask.get(c)!])));
    }
    return out;
  }

  reset(): void {
    this.counts.clear();
  }
}
