// @avalanche-ts/cli/node: the `avalanche-ts` program and everything that needs Node (files, processes).
export { main, cliCommands, processIO, type MainOptions } from './main.js';
export { runCli, mainHelp } from './cli.js';
export { parseCommandArgs, commandHelp, parseSeeds, parseList, type Command, type CliIO, type FlagSpec, type ParsedArgs } from './command.js';
export { runCommand, runAndReport, applyOverrides, OVERRIDE_FLAGS, type CliContext } from './run-command.js';
export { compareCommand, selectStrategies, COMPARE_BASE } from './compare-command.js';
export { listCommand } from './list-command.js';
export { demoCommand } from './demo-command.js';
export { resultsCommand } from './results-command.js';

export { defaultRegistries, createEvaluator } from './default-registries.js';
export { benchmarkRegistry } from './benchmark-registry.js';
export { loggerRegistry, type LoggerRegistryOptions } from './logger-registry.js';

export { executeExperiment, describeConfig, TABLE_NOTE, type ExecuteOptions, type ExecutedExperiment } from './execute-experiment.js';
export { loadConfigFile } from './load-config-file.js';
export {
  createRunFolder,
  writeResolvedConfig,
  writeFileAtomic,
  writeJson,
  packageVersions,
  runtimeInfo,
  RECORDED_PACKAGES,
  type RunManifest,
} from './run-folder.js';
export { writeComparisonReport, accuracyCurve, accuracySvg } from './comparison-report.js';
