import { checkSameLength, labelsOf, taskLabelsOf, type LabelsInput } from './labels-of.js';
import { Mean } from './mean.js';

/** Classes to track: a list (task 0, task-free benchmarks) or a list per task label. */
export type TrackedClasses = readonly number[] | ReadonlyMap<number, readonly number[]> | Readonly<Record<number, readonly number[]>>;

/**
 * Standalone per-class accuracy (Avalanche's `ClassAccuracy`): for each task t and class c,
 * `acc_{t,c} = #{i : y_i = c, task_i = t, pred_i = c} / #{i : y_i = c, task_i = t}`. With `classes` only
 * those classes are tracked, and they report 0 until seen; without, every class met is tracked.
 */
export class ClassAccuracy {
  private readonly accuracies = new Map<number, Map<number, Mean>>();
  private readonly tracked: Map<number, Set<number>> | undefined;

  constructor(classes?: TrackedClasses) {
    if (classes === undefined) return;
    this.tracked = new Map();
    if (Array.isArray(classes)) this.tracked.set(0, new Set(classes as readonly number[]));
    else {
      const entries = classes instanceof Map ? [...classes.entries()] : Object.entries(classes).map(([k, v]) => [Number(k), v] as const);
      for (const [task, list] of entries) this.tracked.set(Number(task), new Set(list as readonly number[]));
    }
    this.initTracked();
  }

  private initTracked(): void {
    if (this.tracked === undefined) return;
    for (const [task, set] of this.tracked) {
      const perClass = new Map<number, Mean>();
      for (const c of [...set].sort((a, b) => a - b)) perClass.set(c, new Mean());
      this.accuracies.set(task, perClass);
    }
  }

  update(predicted: LabelsInput, targets: LabelsInput, taskLabels: number | LabelsInput): void {
    const p = labelsOf(predicted, 'predicted');
    const t = labelsOf(targets, 'targets');
    checkSameLength(p, t);
    this.updateLabels(p, t, taskLabelsOf(taskLabels, t.length));
  }

  updateLabels(predicted: ArrayLike<number>, targets: ArrayLike<number>, taskLabels: ArrayLike<number>): void {
    for (let i = 0; i < targets.length; i++) {
      const task = taskLabels[i];
      const c = targets[i];
      if (this.tracked !== undefined && !this.tracked.get(task)?.has(c)) continue;
      let perClass = this.accuracies.get(task);
      if (perClass === undefined) this.accuracies.set(task, (perClass = new Map()));
      let mean = perClass.get(c);
      if (mean === undefined) perClass.set(c, (mean = new Mean()));
      mean.update(predicted[i] === c ? 1 : 0, 1);
    }
  }

  /** `task -> (class -> accuracy)`, tasks and classes ascending. */
  result(): Map<number, Map<number, number>> {
    const out = new Map<number, Map<number, number>>();
    for (const task of [...this.accuracies.keys()].sort((a, b) => a - b)) {
      const perClass = this.accuracies.get(task)!;
      out.set(task, new Map([...perClass.keys()].sort((a, b) => a - b).map((c) => [c, perClass.get(c)!.result()])));
    }
    return out;
  }

  /** Clears the counts; tracked classes stay tracked (at 0). */
  reset(): void {
    this.accuracies.clear();
    this.initTracked();
  }
}
