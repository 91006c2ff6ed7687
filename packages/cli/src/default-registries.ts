import type { Evaluator, Logger } from '@avalanche-ts/core';
import { evaluationPlugin, type PluginMetric } from '@avalanche-ts/evaluation';
import type { Optimizer } from '@avalanche-ts/training';
import { benchmarkRegistry } from './benchmark-registry.js';
import type { ExperimentRegistries } from './experiment-registries.js';
import { loggerRegistry, type LoggerRegistryOptions } from './logger-registry.js';
import { metricRegistry } from './metric-registry.js';
import { modelRegistry } from './model-registry.js';
import { optimizerRegistry } from './optimizer-registry.js';
import { strategyRegistry } from './strategy-registry.js';

/** Joins metrics and loggers into the evaluation package's evaluator (Avalanche's EvaluationPlugin). */
export function createEvaluator(metrics: PluginMetric[], loggers: Logger[]): Evaluator {
  return evaluationPlugin({ metrics, loggers });
}

/**
 * Every registry the CLI ships, built fresh (no global state): real benchmarks, the models, optimizers and
 * strategies of their packages, the evaluation package's metrics and the loggers. An app can `add()` its
 * own entries to any of them before passing them to `main` or `runExperiment`.
 */
export function defaultRegistries(options: LoggerRegistryOptions = {}): ExperimentRegistries<PluginMetric, Optimizer> {
  return {
    benchmarks: benchmarkRegistry(),
    models: modelRegistry(),
    optimizers: optimizerRegistry(),
    strategies: strategyRegistry(),
    metrics: metricRegistry(),
    loggers: loggerRegistry(options),
    createEvaluator,
  };
}
