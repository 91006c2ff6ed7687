import { defaultProcessProbe, type ProcessProbe } from './process-probe.js';

/**
 * Standalone CPU usage (Avalanche's `CPUUsage`): the process's CPU time over wall time between the first
 * and the last `update()`, in percent, `100 * (cpu_last - cpu_first) / (wall_last - wall_first)`; this is
 * the time-weighted mean of psutil's per-interval `cpu_percent`, so it may exceed 100 on several cores.
 * Uses Node's `process.cpuUsage()`; undefined where the runtime has none (browsers).
 */
export class CPUUsage {
  private first: { cpu: number; wall: number } | undefined;
  private last: { cpu: number; wall: number } | undefined;

  constructor(private readonly probe: ProcessProbe = defaultProcessProbe()) {}

  update(): void {
    const cpu = this.probe.cpuMicros();
    if (cpu === undefined) return;
    const sample = { cpu, wall: this.probe.now() * 1000 };
    if (this.first === undefined) this.first = sample;
    this.last = sample;
  }

  /** Percent CPU, 0 after a single sample, undefined without a CPU figure. */
  result(): number | undefined {
    if (this.first === undefined || this.last === undefined) return undefined;
    const wall = this.last.wall - this.first.wall;
    return wall <= 0 ? 0 : (100 * (this.last.cpu - this.first.cpu)) / wall;
  }

  reset(): void {
    this.first = undefined;
    this.last = undefined;
  }
}
