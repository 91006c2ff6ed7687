import { ClassAccuracy, type TrackedClasses } from './class-accuracy.js';
import type { LabelsInput } from './labels-of.js';

/**
 * Standalone Average Mean Class Accuracy (Avalanche's `AverageMeanClassAccuracy`). For task t, the mean
 * class accuracy of one evaluation phase is `MCA_t = (1/|C_t|) sum_{c in C_t} acc_{t,c}`; AMCA averages it
 * over the phases seen so far, the current one included: `AMCA_t = (1/P) sum_p MCA_t^{(p)}`. Call
 * `nextExperience()` after each phase to consolidate it.
 */
export class AverageMeanClassAccuracy {
  private readonly classAccuracy: ClassAccuracy;
  private readonly previous = new Map<number, number[]>();
  private updatedOnce = false;

  constructor(classes?: TrackedClasses) {
    this.classAccuracy = new ClassAccuracy(classes);
  }

  update(predicted: LabelsInput, targets: LabelsInput, taskLabels: number | LabelsInput): void {
    this.updatedOnce = true;
    this.classAccuracy.update(predicted, targets, taskLabels);
  }

  updateLabels(predicted: ArrayLike<number>, targets: ArrayLike<number>, taskLabels: ArrayLike<number>): void {
    this.updatedOnce = true;
    this.classAccuracy.updateLabels(predicted, targets, taskLabels);
  }

  private currentMeans(): Map<number, number> {
    const out = new Map<number, number>();
    for (const [task, perClass] of this.classAccuracy.result()) {
      const values = [...perClass.values()];
      out.set(task, values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
    }
    return out;
  }

  /** `task -> AMCA`, tasks ascending. */
  result(): Map<number, number> {
    const current = this.currentMeans();
    const tasks = [...new Set([...this.previous.keys(), ...current.keys()])].sort((a, b) => a - b);
    return new Map(
      tasks.map((task) => {
        const all = [...(this.previous.get(task) ?? []), current.get(task) ?? 0];
        return [task, all.reduce((a, b) => a + b, 0) / all.length];
      }),
    );
  }

  /** Consolidates the current phase's mean class accuracies; ignored before the first update. */
  nextExperience(): void {
    if (!this.updatedOnce) return;
    for (const [task, mca] of this.currentMeans()) {
      const list = this.previous.get(task) ?? [];
      list.push(mca);
      this.previous.set(task, list);
    }
    this.classAccuracy.reset();
  }

  reset(): void {
    this.updatedOnce = false;
    this.classAccuracy.reset();
    this.previous.clear();
  }

  /**
   * The phases' mean class accuracies as rows `[task, mca_1, mca_2, ...]`, the pending phase included when
   * `includeCurrent` (a checkpoint consolidates it).
   */
  consolidated(includeCurrent: boolean): number[][] {
    const rows = new Map([...this.previous].map(([t, list]) => [t, [...list]]));
    if (includeCurrent && this.updatedOnce) for (const [t, mca] of this.currentMeans()) rows.set(t, [...(rows.get(t) ?? []), mca]);
    return [...rows].sort((a, b) => a[0] - b[0]).map(([t, list]) => [t, ...list]);
  }

  /** Restores what `consolidated` returned; no phase is pending afterwards. */
  loadConsolidated(rows: readonly (readonly number[])[]): void {
    this.reset();
    for (const [task, ...list] of rows) this.previous.set(task, list);
  }
}

/**
 * AMCA kept separately per stream (Avalanche's `MultiStreamAMCA`): `setStream(name)` before updating,
 * `finishPhase()` at the end of each evaluation phase. `streams` limits the tracked streams.
 */
export class MultiStreamAMCA {
  private readonly amcas = new Map<string, AverageMeanClassAccuracy>();
  private readonly inThisPhase = new Set<string>();
  private current: string | undefined;
  private readonly limit: Set<string> | undefined;

  constructor(
    private readonly classes?: TrackedClasses,
    streams?: readonly string[],
  ) {
    this.limit = streams === undefined ? undefined : new Set(streams);
  }

  isTracked(stream: string): boolean {
    return this.limit === undefined || this.limit.has(stream);
  }

  setStream(stream: string): void {
    this.current = stream;
    if (!this.isTracked(stream)) return;
    if (!this.amcas.has(stream)) this.amcas.set(stream, new AverageMeanClassAccuracy(this.classes));
    this.inThisPhase.add(stream);
  }

  updateLabels(predicted: ArrayLike<number>, targets: ArrayLike<number>, taskLabels: ArrayLike<number>): void {
    if (this.current === undefined || !this.isTracked(this.current)) return;
    this.amcas.get(this.current)!.updateLabels(predicted, targets, taskLabels);
  }

  /** `stream -> (task -> AMCA)`, streams sorted by name. */
  result(): Map<string, Map<number, number>> {
    return new Map([...this.amcas.keys()].sort().map((s) => [s, this.amcas.get(s)!.result()]));
  }

  finishPhase(): void {
    for (const s of this.inThisPhase) this.amcas.get(s)!.nextExperience();
    this.inThisPhase.clear();
  }

  reset(): void {
    for (const m of this.amcas.values()) m.reset();
    this.current = undefined;
    this.inThisPhase.clear();
  }

  /** Every stream's consolidated phases (the pending phase folded in), for checkpoints. */
  stateDict(): Record<string, number[][]> {
    return Object.fromEntries([...this.amcas].map(([s, m]) => [s, m.consolidated(this.inThisPhase.has(s))]));
  }

  loadStateDict(state: Readonly<Record<string, readonly (readonly number[])[]>>): void {
    this.amcas.clear();
    this.inThisPhase.clear();
    this.current = undefined;
    for (const [stream, rows] of Object.entries(state)) {
      const m = new AverageMeanClassAccuracy(this.classes);
      m.loadConsolidated(rows);
      this.amcas.set(stream, m);
    }
  }
}
