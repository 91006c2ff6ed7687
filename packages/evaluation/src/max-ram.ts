import { defaultProcessProbe, type ProcessProbe } from './process-probe.js';

/**
 * Standalone peak memory (Avalanche's `MaxRAM`): `max_t RSS(t)` in MiB (bytes / 2^20) over the samples
 * taken by `update()`. Avalanche polls psutil from a thread; a JavaScript loop is single-threaded, so the
 * plugin metrics sample at every hook they follow instead. Node reports the process RSS; in a browser
 * Chrome's JS heap size is used, elsewhere the result is undefined.
 */
export class MaxRAM {
  private max: number | undefined;

  constructor(private readonly probe: ProcessProbe = defaultProcessProbe()) {}

  /** Takes one memory sample. */
  update(): void {
    const bytes = this.probe.memoryBytes();
    if (bytes === undefined) return;
    const mib = bytes / (1024 * 1024);
    if (this.max === undefined || mib > this.max) this.max = mib;
  }

  /** Peak MiB seen since the last reset, or undefined when the runtime reports no memory figure. */
  result(): number | undefined {
    return this.max;
  }

  reset(): void {
    this.max = undefined;
  }
}
