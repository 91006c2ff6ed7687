// @avalanche-ts/training: the supervised template, optimizers, loop plugins, checkpoints and strategies.
// Explicit named exports only, so every public symbol shows in a diff.
export { SupervisedTemplate, type TrainOptions, type TemplateProgress } from './supervised-template.js';
export { strategyOptionsSchema, type StrategyOptions, type Criterion } from './strategy-options.js';
export { crossEntropyLoss } from './cross-entropy-loss.js';
export { TrainingClock } from './training-clock.js';
export { adaptModel } from './adapt-model.js';
export { MinibatchDataLoader, minibatchDataLoader, type MinibatchDataLoaderOptions } from './minibatch-data-loader.js';
export { TaskBalancedDataLoader, taskBalancedDataLoader, type TaskBalancedDataLoaderOptions } from './task-balanced-data-loader.js';

export { Optimizer, type SetParametersOptions } from './optimizer.js';
export { SgdOptimizer, sgd, sgdOptionsSchema, type SgdOptions } from './sgd.js';
export { AdamOptimizer, adam, adamOptionsSchema, type AdamOptions } from './adam.js';

export { naive } from './naive.js';

// Strategies and plugins (replay, regularisation, gradient projection)
