import { InteractiveLogger } from './interactive-logger.js';
import { terminalProgress, type TerminalStream } from './terminal-progress.js';

export interface TerminalLoggerOptions {
  /** Text goes here (default `process.stdout`). */
  readonly stream?: TerminalStream;
  /** Progress bars go here (default `process.stderr`, as tqdm): redrawn on a terminal, plain lines otherwise. */
  readonly progressStream?: TerminalStream;
  /** Intermediate progress-line interval when not a terminal (default 10 s). */
  readonly intervalMs?: number;
}

/**
 * Avalanche's `InteractiveLogger` for a Node console: the `TextLogger` layout on stdout and a
 * `cli-progress` bar per training epoch and evaluated experience on stderr (plain lines in CI logs).
 */
export function terminalLogger(options: TerminalLoggerOptions = {}): InteractiveLogger {
  const stream = options.stream ?? process.stdout;
  return new InteractiveLogger({
    write: (line) => stream.write(`${line}\n`),
    progress: terminalProgress({ stream: options.progressStream ?? process.stderr, intervalMs: options.intervalMs }),
  });
}
