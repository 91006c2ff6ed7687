import { defaultProcessProbe, type ProcessProbe } from './process-probe.js';

/**
 * Standalone elapsed time (Avalanche's `ElapsedTime`): the first `update()` starts the timer, later ones
 * move its end; `result() = (t_last - t_first)` in seconds, 0 before two updates.
 */
export class ElapsedTime {
  private start: number | undefined;
  private end: number | undefined;

  constructor(private readonly probe: ProcessProbe = defaultProcessProbe()) {}

  update(): void {
    const now = this.probe.now();
    if (this.start === undefined) this.start = now;
    this.end = now;
  }

  /** Seconds between the first and the last update. */
  result(): number {
    return this.start === undefined || this.end === undefined ? 0 : (this.end - this.start) / 1000;
  }

  reset(): void {
    this.start = undefined;
    this.end = undefined;
  }
}
