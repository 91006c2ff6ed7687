// @avalanche-ts/cli: experiments from one config. This entry is browser-safe (registries, the config schema,
// the experiment loop, tables); the command line, the Node-only registries (file-based benchmarks and
// loggers) and run folders are in `@avalanche-ts/cli/node`. Explicit named exports only.
export { Registry, registryEntry, type RegistryEntry } from './registry.js';
export { strictOptions, describeOptions, typeName, type OptionDescription } from './describe-options.js';
export {
  experimentConfigSchema,
  resolveExperimentConfig,
  EXPERIMENT_DEFAULTS,
  type ExperimentConfig,
  type ComponentSpec,
  type StrategySpec,
  type ConfigRegistries,
} from './experiment-config.js';
export type {
  ExperimentRegistries,
  BenchmarkBuildContext,
  ModelBuildContext,
  StrategyBuildContext,
  LoggerBuildContext,
  OptimizerBuildContext,
  Trainer,
} from './experiment-registries.js';
export {
  runExperiment,
  readMetric,
  describeScenario,
  FINAL_ACCURACY_METRIC,
  FORGETTING_METRIC,
  type StrategyRun,
  type ExperimentEvent,
  type RunExperimentOptions,
} from './run-experiment.js';
export {
  summarize,
  aggregateResults,
  formatSummary,
  markdownTable,
  csvTable,
  runsCsv,
  type RunResult,
  type Summary,
  type AggregatedRow,
} from './results-table.js';
export { listRegistries, formatListing, LIST_KINDS, type ListKind, type ListedEntry } from './list-registries.js';

export { modelRegistry } from './model-registry.js';
export { optimizerRegistry } from './optimizer-registry.js';
export { strategyRegistry } from './strategy-registry.js';
export { templateOptions } from './strategy-registry.js';
export { metricRegistry } from './metric-registry.js';
export { defaultEvaluator, defaultMetrics, type DefaultEvaluatorOptions } from './default-evaluator.js';
export { DEMO_CONFIG } from './demo-config.js';
export { RESULTS_SUITE, SUITE_STRATEGIES, SPLIT_MNIST_EXTRA_STRATEGIES, suiteConfig, type SuiteEntry, type SuiteStrategy } from './results-suite.js';
