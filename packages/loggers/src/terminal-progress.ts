import cliProgress from 'cli-progress';
import { formatDuration, lineProgress, type ProgressFactory } from './line-progress.js';

/** The parts of a Node stream the bars need (`process.stderr` by default). */
export interface TerminalStream {
  readonly isTTY?: boolean;
  write(chunk: string): boolean;
}

export interface TerminalProgressOptions {
  readonly stream?: TerminalStream;
  /** Intermediate-line interval when the stream is not a terminal (default 10 s). */
  readonly intervalMs?: number;
}

/**
 * Progress bars for Node: a redrawn `cli-progress` bar (percent, steps, elapsed, ETA, it/s) when the stream
 * is a terminal, else `lineProgress`'s plain lines, so CI logs stay short but still show the rate.
 */
export function terminalProgress(options: TerminalProgressOptions = {}): ProgressFactory {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY !== true) {
    return lineProgress({ write: (line) => stream.write(`${line}\n`), intervalMs: options.intervalMs });
  }
  return (label, total) => {
    const start = Date.now();
    const bar = new cliProgress.SingleBar(
      {
        stream: stream as NodeJS.WritableStream,
        format: '{label} |{bar}| {percentage}% {value}/{total} [{elapsed}<{remaining}, {speed} it/s]',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    // Same numbers and layout as lineProgress (tqdm's), whichever output is chosen.
    const payload = (done: number) => {
      const seconds = (Date.now() - start) / 1000;
      const speed = seconds > 0 ? done / seconds : 0;
      const remaining = done >= total ? 0 : speed > 0 ? (total - done) / speed : Number.NaN;
      return { label, elapsed: formatDuration(seconds), remaining: formatDuration(remaining), speed: seconds > 0 ? speed.toFixed(2) : '?' };
    };
    let done = 0;
    bar.start(total, 0, payload(0));
    return {
      increment(steps = 1) {
        done += steps;
        bar.update(done, payload(done));
      },
      stop() {
        bar.update(done, payload(done));
        bar.stop();
      },
    };
  };
}
