// @avalanche-ts/core: the shared vocabulary. Explicit named exports only, so every public symbol shows in a diff.
export { AvalancheError, type AvalancheErrorOptions } from './avalanche-error.js';
export { ValidationError, DatasetError, BackendError, CheckpointError, StrategyError } from './errors.js';
export { PluginError } from './plugin-error.js';
export { Rng, type RngState } from './rng.js';
export { parseWithSchema } from './validate.js';

export { type Minibatch, disposeMinibatch } from './minibatch.js';
export {
  type ClassificationDataset,
  type GetBatchOptions,
  type TransformGroupName,
  classesOf,
  taskLabelsOf,
} from './classification-dataset.js';
export { type Experience, type BenchmarkInfo, type OnlineBoundaryInfo, taskLabelOf } from './experience.js';
export { type Stream, type SizedStream, ListStream, LazyStream, isSizedStream } from './stream.js';
export { type Scenario, type CreateScenarioOptions, createScenario } from './scenario.js';
export type { DataLoader } from './data-loader.js';

export {
  TRAINING_HOOKS,
  EVAL_HOOKS,
  META_HOOKS,
  HOOK_NAMES,
  type HookName,
  type TrainingHookName,
  type EvalHookName,
  type MetaHookName,
  isHookName,
} from './hook-names.js';
export { type ClockState, initialClockState } from './clock.js';
export type { StrategyContext, StrategyControls, NamedGradients } from './strategy-context.js';
export type { StrategyPlugin, StrategyHooks, HookFunction } from './strategy-plugin.js';
export { PluginDispatcher } from './plugin-dispatcher.js';
export type { StateDict, StateValue } from './state-dict.js';

export type { ContinualModel, ForwardOptions } from './continual-model.js';
export { type AdaptiveModule, isAdaptiveModule } from './adaptive-module.js';

export type { MetricValue, MetricData, MetricHistory } from './metric-value.js';
export type { Logger } from './logger.js';
export { type Evaluator, isEvaluator } from './evaluator.js';

export { initBackend } from './backend/init-backend.js';
export { BACKEND_CANDIDATES, type BackendChoice } from './backend/backend-candidates.js';
export { type BackendReport, type InitBackendOptions } from './backend/init-backend-options.js';
export {
  applyWasmPatches,
  removeWasmPatches,
  PATCHED_TFJS_VERSION,
  WASM_KERNEL_PATCHES,
  type WasmPatchReport,
} from './backend/wasm-patches.js';
export type { WasmKernelPatch } from './backend/wasm-kernel-patch.js';
