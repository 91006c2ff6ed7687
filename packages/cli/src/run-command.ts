import { join, relative } from 'node:path';
import { ValidationError } from '@avalanche-ts/core';
import { parseSeeds, type CliIO, type Command, type FlagSpec, type ParsedArgs } from './command.js';
import { resolveExperimentConfig, type ExperimentConfig } from './experiment-config.js';
import type { ExperimentRegistries } from './experiment-registries.js';
import { executeExperiment, TABLE_NOTE, type ExecutedExperiment, type ExecuteOptions } from './execute-experiment.js';
import { loadConfigFile } from './load-config-file.js';
import { displayPath } from './run-folder.js';

/** What every experiment-running command shares: registries, package resolution and the report writer. */
export interface CliContext {
  getRegistries(): Promise<ExperimentRegistries>;
  readonly resolvePackageJson: (specifier: string) => string;
  readonly writeReport?: ExecuteOptions<unknown, unknown>['writeReport'];
  /** Fixed time for run-folder names (tests). */
  readonly now?: Date;
}

/** Flags that override the same fields of any config. */
export const OVERRIDE_FLAGS: Readonly<Record<string, FlagSpec>> = {
  seeds: { type: 'string', value: '<0,1,2>', description: 'seeds to run (comma list or range 0-4); overrides the config\'s seeds; tables show mean ± std' },
  output: { type: 'string', short: 'o', value: '<dir>', description: 'folder that receives the run folder (default: the config\'s output, "runs")' },
  backend: { type: 'string', value: '<name>', description: 'TensorFlow.js backend: auto, wasm, cpu, node, node-gpu, webgl (default auto; env AVALANCHE_BACKEND)' },
  epochs: { type: 'string', value: '<n>', description: 'training epochs per experience (overrides trainEpochs)' },
};

/** Applies the override flags to a raw config object (before validation, so errors read the same). */
export function applyOverrides(raw: unknown, flags: ParsedArgs['flags']): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  if (typeof flags.seeds === 'string') out.seeds = parseSeeds(flags.seeds);
  if (typeof flags.output === 'string') out.output = flags.output;
  if (typeof flags.backend === 'string') out.backend = flags.backend;
  if (typeof flags.epochs === 'string') {
    const n = Number(flags.epochs);
    if (!/^\d+$/.test(flags.epochs) || n < 1) throw new ValidationError(`--epochs: expected a positive integer, got ${JSON.stringify(flags.epochs)}`);
    out.trainEpochs = n;
  }
  return out;
}

/** Resolves, runs and reports a raw config; prints the table and where everything went. */
export async function runAndReport(raw: unknown, context: CliContext, io: CliIO, command: readonly string[], configFile?: string): Promise<ExecutedExperiment> {
  const registries = await context.getRegistries();
  let config: ExperimentConfig;
  try {
    config = resolveExperimentConfig(raw, registries);
  } catch (error) {
    // Name the file too: the field paths inside the message are relative to it.
    if (configFile !== undefined && ValidationError.isInstance(error)) throw new ValidationError(`${configFile}: ${error.message}`, { cause: error });
    throw error;
  }
  const executed = await executeExperiment(config, {
    io,
    registries,
    resolvePackageJson: context.resolvePackageJson,
    command,
    configFile,
    writeReport: context.writeReport,
    now: context.now,
  });
  const shown = displayPath(io.cwd, executed.runDir);
  io.out(`\n${executed.markdown}\n${TABLE_NOTE}\n\n`);
  io.out(`Run folder: ${shown} (config.json, run.json, results.md, results.csv, runs.csv${executed.reportFile ? `, ${relative(executed.runDir, executed.reportFile)}` : ''})\n`);
  io.out(`Reproduce: avalanche-ts run ${displayPath(io.cwd, join(executed.runDir, 'config.json'))}\n`);
  return executed;
}

/** `avalanche-ts run <config>`: one experiment from a JSON or YAML file. */
export function runCommand(context: CliContext): Command {
  return {
    name: 'run',
    summary: 'Run the experiment described by a config file (JSON or YAML) and write a run folder.',
    usage: 'run <config.json|yaml> [options]',
    details: [
      'The config names a benchmark, a model, one strategy (or several under "strategies"), an optimizer, epochs,',
      'minibatch sizes, seeds, metrics, loggers and an output folder; `avalanche-ts list` shows every name, option',
      'and default. Example (YAML):',
      '',
      '  name: splitmnist-replay',
      '  benchmark: { name: splitMNIST, options: { nExperiences: 5 } }',
      '  model: simpleMLP',
      '  strategy: { name: replay, options: { memSize: 200 } }',
      '  optimizer: { name: sgd, options: { lr: 0.01, momentum: 0.9 } }',
      '  seeds: [0, 1, 2]',
      '',
      'The run folder holds the resolved config (config.json: run it again to get the same numbers), run.json',
      '(seeds, package versions, backend), results.md / results.csv (mean ± std over seeds) and every metric.',
    ].join('\n'),
    flags: OVERRIDE_FLAGS,
    maxPositionals: 1,
    async run(args: ParsedArgs, io: CliIO): Promise<number> {
      const file = args.positionals[0];
      if (file === undefined) throw new ValidationError('run: missing config file; usage: avalanche-ts run <config.json|yaml> [options]');
      const raw = applyOverrides(loadConfigFile(file, io.cwd), args.flags);
      await runAndReport(raw, context, io, ['run', file, ...flagArgs(args)], file);
      return 0;
    },
  };
}

/** The flags as they were given, for run.json. */
export function flagArgs(args: ParsedArgs): string[] {
  return Object.entries(args.flags).flatMap(([k, v]) => (v === undefined || v === false ? [] : v === true ? [`--${k}`] : [`--${k}`, v]));
}
