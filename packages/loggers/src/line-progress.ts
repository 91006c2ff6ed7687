import { z } from 'zod';
import { parseWithSchema } from '@avalanche-ts/core';
import { functionSchema } from './function-schema.js';

/** One progress bar: a known number of steps, advanced as they complete. */
export interface ProgressBar {
  /** Records that `steps` more steps completed (default 1). */
  increment(steps?: number): void;
  /** Ends the bar (prints its final state). */
  stop(): void;
}

/** Starts a progress bar for `total` steps named `label`. */
export type ProgressFactory = (label: string, total: number) => ProgressBar;

const optionsSchema = z
  .object({
    write: functionSchema<(line: string) => void>().optional(),
    intervalMs: z.number().nonnegative().optional(),
    now: functionSchema<() => number>().optional(),
  })
  .strict();

export interface LineProgressOptions {
  /** Where lines go; default `console.log`. */
  readonly write?: (line: string) => void;
  /** At most one intermediate line per this many milliseconds (default 10 s); the final line always prints. */
  readonly intervalMs?: number;
  /** Clock in milliseconds (injectable for tests); default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Progress for outputs that are not terminals (CI logs, files, the browser console): no redrawing, one
 * line per `intervalMs` while running and a final line with the rate, in tqdm's layout:
 * `Eval experience 1 (test stream): 100% 40/40 [00:03<00:00, 12.50 it/s]`.
 */
export function lineProgress(options: LineProgressOptions = {}): ProgressFactory {
  options = parseWithSchema(optionsSchema, options, 'lineProgress options');
  const write = options.write ?? ((line: string) => console.log(line));
  const intervalMs = options.intervalMs ?? 10_000;
  const now = options.now ?? Date.now;
  return (label, total) => {
    const start = now();
    let done = 0;
    let lastPrint = start;
    let stopped = false;
    return {
      increment(steps = 1) {
        done += steps;
        const t = now();
        if (t - lastPrint >= intervalMs && done < total) {
          lastPrint = t;
          write(progressLine(label, done, total, t - start));
        }
      },
      stop() {
        if (stopped) return;
        stopped = true;
        write(progressLine(label, done, total, now() - start));
      },
    };
  };
}

/** `label: 50% 2/4 [00:01<00:01, 2.00 it/s]`: percent, steps, elapsed < ETA, speed. */
export function progressLine(label: string, done: number, total: number, elapsedMs: number): string {
  const seconds = elapsedMs / 1000;
  const speed = seconds > 0 ? done / seconds : 0;
  const eta = done >= total ? 0 : speed > 0 ? (total - done) / speed : Number.NaN;
  const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
    // No rate before any time has passed (a bar stopped right after starting).
  const rate = seconds > 0 ? speed.toFixed(2) : '?';
  return `${label}: ${percent}% ${done}/${total} [${formatDuration(seconds)}<${formatDuration(eta)}, ${rate} it/s]`;
}

/** `mm:ss` (or `h:mm:ss`), `?` when unknown, as tqdm prints durations. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const hours = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}
