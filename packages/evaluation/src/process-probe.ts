/**
 * Runtime figures the system metrics read, feature-detected so the package runs in a browser: Node's
 * `process.memoryUsage.rss()` / `process.cpuUsage()` where present, Chrome's `performance.memory` for the
 * heap otherwise, and `performance.now()` (or `Date.now()`) for time.
 */
export interface ProcessProbe {
  /** Milliseconds from an arbitrary origin, monotonic where the runtime allows. */
  now(): number;
  /** Resident set size in bytes (Node), the JS heap in bytes (Chrome), or undefined. */
  memoryBytes(): number | undefined;
  /** CPU time (user + system) consumed by the process, in microseconds, or undefined outside Node. */
  cpuMicros(): number | undefined;
}

interface NodeLikeProcess {
  memoryUsage?: { (): { rss: number }; rss?: () => number };
  cpuUsage?: () => { user: number; system: number };
}

interface PerformanceWithMemory {
  now(): number;
  memory?: { usedJSHeapSize: number };
}

function nodeProcess(): NodeLikeProcess | undefined {
  const p = (globalThis as { process?: NodeLikeProcess }).process;
  return typeof p === 'object' && p !== null ? p : undefined;
}

/** The probe of the current runtime. */
export function defaultProcessProbe(): ProcessProbe {
  const perf = (globalThis as { performance?: PerformanceWithMemory }).performance;
  const proc = nodeProcess();
  return {
    now: perf !== undefined && typeof perf.now === 'function' ? () => perf.now() : () => Date.now(),
    memoryBytes: () => {
      const mu = proc?.memoryUsage;
      if (typeof mu?.rss === 'function') return mu.rss();
      if (typeof mu === 'function') return mu().rss;
      return perf?.memory?.usedJSHeapSize;
    },
    cpuMicros: () => {
      if (typeof proc?.cpuUsage !== 'function') return undefined;
      const u = proc.cpuUsage();
      return u.user + u.system;
    },
  };
}
