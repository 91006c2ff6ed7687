import { readFileSync } from 'node:fs';
import { runCli } from './cli.js';
import type { CliIO, Command } from './command.js';
import { compareCommand } from './compare-command.js';
import { defaultRegistries } from './default-registries.js';
import { demoCommand } from './demo-command.js';
import type { ExperimentRegistries } from './experiment-registries.js';
import { listCommand } from './list-command.js';
import { writeComparisonReport } from './comparison-report.js';
import { resultsCommand } from './results-command.js';
import { runCommand, type CliContext } from './run-command.js';

export interface MainOptions {
  /** `require.resolve` from the CLI's own location (bin.js passes `createRequire(import.meta.url).resolve`). */
  readonly resolvePackageJson: (specifier: string) => string;
  /** Output streams, working directory and environment (default: the process's). */
  readonly io?: CliIO;
  /** Registries to use instead of the defaults (an app can add its own benchmarks, models, strategies). */
  readonly registries?: ExperimentRegistries;
  /** Fixed time for run-folder names (tests). */
  readonly now?: Date;
}

/** The process's streams, working directory and environment. */
export function processIO(): CliIO {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  };
}

/** Every command of `avalanche-ts`, over one context. */
export function cliCommands(context: CliContext): Command[] {
  return [runCommand(context), compareCommand(context), listCommand(() => context.getRegistries()), demoCommand(context), resultsCommand(context)];
}

/**
 * The `avalanche-ts` program: parses `argv` (without node and the script), runs the command and returns the
 * exit code. Registries are built on first use, so `--help` costs nothing.
 */
export async function main(argv: readonly string[], options: MainOptions): Promise<number> {
  const io = options.io ?? processIO();
  let registries: Promise<ExperimentRegistries> | undefined;
  const context: CliContext = {
    getRegistries: () => (registries ??= Promise.resolve(options.registries ?? (defaultRegistries(loggerStreams(options.io)) as unknown as ExperimentRegistries))),
    resolvePackageJson: options.resolvePackageJson,
    writeReport: writeComparisonReport,
    now: options.now,
  };
  return runCli(argv, cliCommands(context), io, cliVersion(options.resolvePackageJson));
}

/** Text and progress of loggers go to stderr: the process's (a terminal gets redrawn bars) or the given io's. */
function loggerStreams(io: CliIO | undefined) {
  if (io === undefined) return { stream: process.stderr, progressStream: process.stderr };
  const stream = { isTTY: false, write: (text: string) => (io.err(text), true) };
  return { stream, progressStream: stream };
}

function cliVersion(resolvePackageJson: (specifier: string) => string): string {
  try {
    return (JSON.parse(readFileSync(resolvePackageJson('@avalanche-ts/cli/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
