import type { Experience, Logger, MetricData, MetricHistory, Scenario } from '@avalanche-ts/core';
import { isSizedStream, ValidationError } from '@avalanche-ts/core';
import type { ExperimentConfig, StrategySpec } from './experiment-config.js';
import type { ExperimentRegistries, ModelBuildContext } from './experiment-registries.js';
import type { RunResult } from './results-table.js';

/** Prefix of the metric read as the final accuracy: accuracy over every test pattern (Avalanche's Top1_Acc_Stream). */
export const FINAL_ACCURACY_METRIC = 'Top1_Acc_Stream/eval_phase/test_stream';
/** Prefix of the metric read as forgetting: mean over test experiences of (accuracy right after training it - final accuracy). */
export const FORGETTING_METRIC = 'StreamForgetting/eval_phase/test_stream';

/** One strategy on one seed: its table row and every metric the evaluator emitted. */
export interface StrategyRun {
  readonly result: RunResult;
  /** Folder of this strategy and seed (file loggers wrote there). */
  readonly dir: string;
  readonly lastMetrics: Record<string, MetricData>;
  readonly allMetrics: Record<string, MetricHistory>;
}

/** Progress of an experiment, for the command to print. */
export type ExperimentEvent =
  | { readonly type: 'benchmark'; readonly seed: number; readonly scenario: Scenario; readonly nExperiences: number | undefined }
  | { readonly type: 'start'; readonly strategy: string; readonly seed: number; readonly index: number; readonly total: number }
  | { readonly type: 'experience'; readonly strategy: string; readonly seed: number; readonly experience: number; readonly nExperiences: number | undefined }
  | { readonly type: 'end'; readonly run: StrategyRun; readonly index: number; readonly total: number };

export interface RunExperimentOptions {
  /** The run folder; each strategy and seed gets `<runDir>/<label>/seed-<seed>` for its loggers. */
  readonly runDir: string;
  readonly onEvent?: (event: ExperimentEvent) => void;
  /** Clock in milliseconds (default `performance.now`). */
  readonly now?: () => number;
}

/**
 * Runs every strategy of `config` on every seed: per seed the benchmark is built once (so strategies see the
 * same data), then for each strategy a fresh model (same seed, same initial weights), optimizer, evaluator
 * and strategy are built from the registries, trained experience by experience with an evaluation on the
 * whole test stream after each (Avalanche's usual loop, which forgetting needs), and freed.
 */
export async function runExperiment<M, O>(
  config: ExperimentConfig,
  registries: ExperimentRegistries<M, O>,
  options: RunExperimentOptions,
): Promise<StrategyRun[]> {
  const now = options.now ?? (() => performance.now());
  const emit = options.onEvent ?? (() => undefined);
  const runs: StrategyRun[] = [];
  const total = config.seeds.length * config.strategies.length;
  for (const seed of config.seeds) {
    const scenario = await registries.benchmarks.create(config.benchmark.name, config.benchmark.options, { seed }, 'config.benchmark.options');
    const trainStream = scenario.trainStream;
    const nExperiences = isSizedStream(trainStream) ? trainStream.length : undefined;
    emit({ type: 'benchmark', seed, scenario, nExperiences });
    const modelContext = describeScenario(scenario, seed);
    for (const [specIndex, spec] of config.strategies.entries()) {
      const index = runs.length;
      emit({ type: 'start', strategy: spec.label, seed, index, total });
      const dir = `${options.runDir}/${safeName(spec.label)}/seed-${seed}`;
      const run = await runStrategy(config, registries, spec, specIndex, scenario, modelContext, seed, dir, now, (experience) =>
        emit({ type: 'experience', strategy: spec.label, seed, experience, nExperiences }),
      );
      runs.push(run);
      emit({ type: 'end', run, index, total });
    }
  }
  return runs;
}

async function runStrategy<M, O>(
  config: ExperimentConfig,
  registries: ExperimentRegistries<M, O>,
  spec: StrategySpec,
  specIndex: number,
  scenario: Scenario,
  modelContext: ModelBuildContext,
  seed: number,
  dir: string,
  now: () => number,
  onExperience: (experience: number) => void,
): Promise<StrategyRun> {
  const model = await registries.models.create(config.model.name, config.model.options, modelContext, 'config.model.options');
  const loggers: Logger[] = [];
  let trainer: Awaited<ReturnType<typeof registries.strategies.create>> | undefined;
  try {
    const optimizer = await registries.optimizers.create(config.optimizer.name, config.optimizer.options, {}, 'config.optimizer.options');
    const metrics: M[] = [];
    for (const [i, m] of config.metrics.entries()) metrics.push(...(await registries.metrics.create(m.name, m.options, {}, `config.metrics.${i}.options`)));
    for (const [i, l] of config.loggers.entries()) {
      loggers.push(await registries.loggers.create(l.name, l.options, { dir, strategy: spec.label, seed, experimentName: config.name, config: { ...config, strategies: [spec], seeds: [seed] } }, `config.loggers.${i}.options`));
    }
    const evaluator = registries.createEvaluator(metrics, loggers);
    trainer = await registries.strategies.create(
      spec.name,
      spec.options,
      {
        model,
        optimizer,
        trainMbSize: config.trainMbSize,
        trainEpochs: config.trainEpochs,
        evalMbSize: config.evalMbSize,
        evalEvery: config.evalEvery,
        evaluator,
        plugins: [],
        seed,
        benchmark: modelContext,
      },
      `config.strategies.${specIndex}.options`,
    );
    const evalStreams = config.evalEvery >= 0 ? { evalStreams: [scenario.testStream] } : undefined;
    const start = now();
    for (const experience of scenario.trainStream as Iterable<Experience>) {
      onExperience(experience.currentExperience);
      await trainer.train(experience, evalStreams);
      await trainer.eval(scenario.testStream);
    }
    const seconds = (now() - start) / 1000;
    const lastMetrics = evaluator.getLastMetrics();
    const finalAccuracy = readMetric(lastMetrics, FINAL_ACCURACY_METRIC);
    if (finalAccuracy === undefined) {
      throw new ValidationError(
        `config.metrics: no "${FINAL_ACCURACY_METRIC}" value was emitted, so the final accuracy is unknown; include the "accuracy" metric (got metrics ${JSON.stringify(config.metrics.map((m) => m.name))})`,
      );
    }
    return {
      result: { strategy: spec.label, seed, finalAccuracy, forgetting: readMetric(lastMetrics, FORGETTING_METRIC), seconds },
      dir,
      lastMetrics,
      allMetrics: evaluator.getAllMetrics(),
    };
  } finally {
    for (const logger of loggers) await logger.close?.();
    trainer?.dispose();
    model.dispose();
  }
}

/**
 * The scalar value of the metric whose name is `prefix` or `prefix/<suffix>` (a task part, Task000); when
 * several match, the last in name order (task-incremental streams report under the last task's label).
 */
export function readMetric(metrics: Readonly<Record<string, MetricData>>, prefix: string): number | undefined {
  const keys = Object.keys(metrics)
    .filter((k) => k === prefix || k.startsWith(`${prefix}/`))
    .sort();
  for (let i = keys.length - 1; i >= 0; i--) {
    const value = metrics[keys[i]];
    if (typeof value === 'number') return value;
  }
  return undefined;
}

/** Sample shape, class count and task setting of a scenario, read from its first experiences. */
export function describeScenario(scenario: Scenario, seed: number): ModelBuildContext {
  let sampleShape: readonly number[] | undefined;
  let maxClass = -1;
  const tasks = new Set<number>();
  for (const experience of scenario.trainStream as Iterable<Experience>) {
    sampleShape ??= experience.dataset.sampleShape;
    for (const c of experience.classesInThisExperience) maxClass = Math.max(maxClass, c);
    for (const t of experience.taskLabels) tasks.add(t);
  }
  if (sampleShape === undefined) throw new ValidationError(`benchmark "${scenario.name}" has an empty train stream`);
  return { seed, scenario, sampleShape, nClasses: scenario.nClasses ?? maxClass + 1, taskIncremental: tasks.size > 1 };
}

function safeName(label: string): string {
  return label.replace(/[^A-Za-z0-9._-]+/g, '-') || 'strategy';
}
