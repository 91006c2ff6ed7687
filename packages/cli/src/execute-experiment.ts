import { join } from 'node:path';
import { initBackend, type BackendReport } from '@avalanche-ts/core';
import type { CliIO } from './command.js';
import type { ExperimentConfig } from './experiment-config.js';
import type { ExperimentRegistries } from './experiment-registries.js';
import { aggregateResults, csvTable, markdownTable, runsCsv, type AggregatedRow } from './results-table.js';
import { runExperiment, type StrategyRun } from './run-experiment.js';
import { createRunFolder, displayPath, packageVersions, runtimeInfo, writeFileAtomic, writeJson, writeResolvedConfig, type RunManifest } from './run-folder.js';

/** Everything a command needs to run an experiment. */
export interface ExecuteOptions<M, O> {
  readonly io: CliIO;
  readonly registries: ExperimentRegistries<M, O>;
  /** `require.resolve` from the CLI's location, to record package versions. */
  readonly resolvePackageJson: (specifier: string) => string;
  /** The command line, recorded in run.json. */
  readonly command: readonly string[];
  readonly configFile?: string;
  /** Writes the comparison report after the runs (the HTML report of the loggers package). */
  readonly writeReport?: (runDir: string, config: ExperimentConfig, runs: readonly StrategyRun[]) => Promise<string | undefined> | string | undefined;
  /** Fixed time for the run folder's name (tests). */
  readonly now?: Date;
}

/** What an executed experiment left behind. */
export interface ExecutedExperiment {
  readonly runDir: string;
  readonly runs: readonly StrategyRun[];
  readonly table: readonly AggregatedRow[];
  readonly markdown: string;
  readonly backend: BackendReport;
  readonly reportFile?: string;
}

/**
 * Runs a resolved config and writes its run folder:
 * `config.json` (resolved config: rerun it to reproduce), `run.json` (seeds, package versions, backend,
 * runtime, timings), `results.md` / `results.csv` (mean ± std over seeds), `runs.csv` (one row per strategy
 * and seed), `<strategy>/seed-<n>/metrics.json` (every metric value) and the loggers' files.
 */
export async function executeExperiment<M, O>(config: ExperimentConfig, options: ExecuteOptions<M, O>): Promise<ExecutedExperiment> {
  const { io } = options;
  const backend = await initBackend({ backend: config.backend, env: io.env });
  const runDir = createRunFolder(config.output, config.name, options.now, io.cwd);
  const shown = displayPath(io.cwd, runDir);
  writeResolvedConfig(runDir, config);
  const startedAt = new Date();
  const manifest: RunManifest = {
    name: config.name,
    command: options.command,
    configFile: options.configFile,
    seeds: config.seeds,
    startedAt: startedAt.toISOString(),
    packages: packageVersions(options.resolvePackageJson),
    backend,
    runtime: runtimeInfo(),
    rerun: `avalanche-ts run ${join(shown, 'config.json')}`,
  };
  writeJson(join(runDir, 'run.json'), manifest);
  io.err(`avalanche-ts: ${config.name}: ${config.strategies.map((s) => s.label).join(', ')} on ${config.benchmark.name}, seeds ${config.seeds.join(',')}\n`);
  const threads = backend.wasmThreads !== undefined ? `, ${backend.wasmThreads} thread(s)` : '';
  const gemm = backend.wasmGemm !== undefined ? `, matrix products on core's ${backend.wasmGemm.kernels} GEMM engine` : '';
  io.err(`  backend ${backend.active} (${backend.reason}${threads}${gemm}); run folder ${shown}\n`);

  const runs = await runExperiment(config, options.registries, {
    runDir,
    onEvent: (event) => {
      if (event.type === 'benchmark') io.err(`  seed ${event.seed}: ${event.scenario.name}, ${event.nExperiences ?? '?'} experiences\n`);
      if (event.type === 'start') io.err(`[${event.index + 1}/${event.total}] ${event.strategy} (seed ${event.seed})\n`);
      if (event.type === 'end') {
        const r = event.run.result;
        const forgetting = r.forgetting === undefined ? '' : `, forgetting ${r.forgetting.toFixed(4)}`;
        io.err(`[${event.index + 1}/${event.total}] ${r.strategy} (seed ${r.seed}): final accuracy ${r.finalAccuracy.toFixed(4)}${forgetting}, ${r.seconds.toFixed(1)} s\n`);
        writeJson(join(event.run.dir, 'metrics.json'), { result: r, last: event.run.lastMetrics, all: event.run.allMetrics });
      }
    },
  });

  const results = runs.map((r) => r.result);
  const table = aggregateResults(results);
  const markdown = markdownTable(table);
  writeFileAtomic(join(runDir, 'results.md'), `# ${config.name}\n\n${describeConfig(config)}\n\n${markdown}\n${TABLE_NOTE}\n`);
  writeFileAtomic(join(runDir, 'results.csv'), csvTable(table));
  writeFileAtomic(join(runDir, 'runs.csv'), runsCsv(results));
  const reportFile = options.writeReport ? await options.writeReport(runDir, config, runs) : undefined;
  const finishedAt = new Date();
  writeJson(join(runDir, 'run.json'), { ...manifest, finishedAt: finishedAt.toISOString(), wallSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000 });
  return { runDir, runs, table, markdown, backend, reportFile };
}

/** Printed under every table so the numbers are read the way they were computed. */
export const TABLE_NOTE =
  'final accuracy: Top1_Acc_Stream on the whole test stream after the last experience (pattern-weighted). ' +
  'forgetting: StreamForgetting, mean over test experiences of (accuracy right after training it - final accuracy). ' +
  'time: wall seconds of training plus evaluation. mean ± sample std (n - 1) over seeds.';

/** One line saying what was run, for the top of results.md. */
export function describeConfig(config: ExperimentConfig): string {
  const opts = (o: Record<string, unknown>) => (Object.keys(o).length > 0 ? ` ${JSON.stringify(o)}` : '');
  return [
    `benchmark ${config.benchmark.name}${opts(config.benchmark.options)}`,
    `model ${config.model.name}${opts(config.model.options)}`,
    `optimizer ${config.optimizer.name}${opts(config.optimizer.options)}`,
    `${config.trainEpochs} epoch(s), minibatch ${config.trainMbSize} (eval ${config.evalMbSize})`,
    `seeds ${config.seeds.join(',')}`,
  ].join('; ');
}
