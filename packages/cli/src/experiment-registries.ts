import type { ContinualModel, Evaluator, Experience, Logger, MetricData, Scenario, Stream, StrategyPlugin } from '@avalanche-ts/core';
import type { Registry } from './registry.js';

/** What a benchmark factory receives besides its options. */
export interface BenchmarkBuildContext {
  /** The run's seed (class order, permutations); a benchmark option `seed` overrides it. */
  readonly seed: number;
}

/** What a model factory receives: the run's seed and the facts of the benchmark it must fit. */
export interface ModelBuildContext {
  readonly seed: number;
  readonly scenario: Scenario;
  /** Shape of one input sample of the benchmark, e.g. [28, 28, 1]. */
  readonly sampleShape: readonly number[];
  /** Number of classes of the benchmark (largest class id + 1 where the scenario does not say). */
  readonly nClasses: number;
  /** True when experiences carry distinct task labels (task-incremental): multi-head models fit. */
  readonly taskIncremental: boolean;
}

/**
 * What a strategy needs from the training package: `SupervisedTemplate` has this shape. The CLI names only
 * these methods, so it can drive any strategy object that provides them.
 */
export interface Trainer {
  train(experiences: Experience, options?: { evalStreams?: Array<Stream | Experience> }): Promise<Record<string, MetricData>>;
  eval(stream: Stream | Experience): Promise<Record<string, MetricData>>;
  /** Frees optimizer state and plugins (not the model). */
  dispose(): void;
}

/** What a strategy factory receives: the template's common options, already built. */
export interface StrategyBuildContext<O = unknown> {
  readonly model: ContinualModel;
  readonly optimizer: O;
  readonly trainMbSize: number;
  readonly trainEpochs: number;
  readonly evalMbSize: number;
  readonly evalEvery: number;
  readonly evaluator: Evaluator;
  readonly plugins: StrategyPlugin[];
  readonly seed: number;
  /**
   * The facts of the benchmark the model was built for (sample shape, class count), for strategies that
   * size something from the data (StreamingLDA, CoPE, GenerativeReplay). `runExperiment` always gives it.
   */
  readonly benchmark?: ModelBuildContext;
}

/** What a logger factory receives: where this run's files go and what they describe. */
export interface LoggerBuildContext {
  /** Folder of this strategy and seed inside the run folder (file loggers write here). */
  readonly dir: string;
  /** Strategy label and seed, for titles. */
  readonly strategy: string;
  readonly seed: number;
  readonly experimentName: string;
  /** The resolved experiment config as JSON data (reports show it). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** An optimizer factory's context: nothing yet (the template registers the model's parameters itself). */
export type OptimizerBuildContext = Record<string, never>;

/**
 * Every table a config's names are looked up in, plus how metrics and loggers are joined into the
 * evaluator. `M` is the metric type of the evaluation package, `O` the optimizer type of training.
 */
export interface ExperimentRegistries<M = unknown, O = unknown> {
  readonly benchmarks: Registry<Scenario, BenchmarkBuildContext>;
  readonly models: Registry<ContinualModel, ModelBuildContext>;
  readonly optimizers: Registry<O, OptimizerBuildContext>;
  readonly strategies: Registry<Trainer, StrategyBuildContext<O>>;
  /** A metric entry may stand for several metric objects (accuracy at epoch, experience and stream). */
  readonly metrics: Registry<M[], Record<string, never>>;
  readonly loggers: Registry<Logger, LoggerBuildContext>;
  /** Joins metrics and loggers into the evaluator plugin. */
  createEvaluator(metrics: M[], loggers: Logger[]): Evaluator;
}
