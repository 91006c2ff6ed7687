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

export { LrSchedulerPlugin, lrSchedulerPlugin, stepLr, multiStepLr, cosineAnnealingLr, type LrSchedule, type LrSchedulerPluginOptions } from './lr-scheduler-plugin.js';
export { EarlyStoppingPlugin, earlyStoppingPlugin, type EarlyStoppingPluginOptions } from './early-stopping-plugin.js';
export { checkpointToBytes, restoreFromBytes, checkpointSchema, type RestoredCheckpoint } from './checkpoint.js';
export { CHECKPOINT_MAGIC, CHECKPOINT_FORMAT_VERSION } from './checkpoint-format.js';

export { naive } from './naive.js';
export { cumulative, CumulativePlugin, type CumulativeOptions } from './cumulative.js';
export { jointTraining, JointTrainingTemplate } from './joint-training.js';
export { fromScratchTraining, FromScratchTrainingPlugin, type FromScratchTrainingOptions } from './from-scratch-training.js';

// Strategies and plugins (replay, regularisation, gradient projection)
export { type StoragePolicy, type StorageContext, type DatasetResolver, sourceKeyOf, groupLengths } from './storage-policy.js';
export { ReservoirSamplingBuffer } from './reservoir-sampling-buffer.js';
export { BalancedExemplarsBuffer, type GroupBuffer } from './balanced-exemplars-buffer.js';
export { ExperienceBalancedBuffer, experienceBalancedBufferOptionsSchema, type ExperienceBalancedBufferOptions } from './experience-balanced-buffer.js';
export { ClassBalancedBuffer, classBalancedBufferOptionsSchema, type ClassBalancedBufferOptions } from './class-balanced-buffer.js';
export { ParametricBuffer, ParametricGroupBuffer, parametricBufferOptionsSchema, type ParametricBufferOptions } from './parametric-buffer.js';
export {
  type ExemplarsSelectionStrategy,
  type FeatureExtractor,
  randomSelection,
  herdingSelection,
  closestToCenterSelection,
} from './exemplars-selection-strategy.js';
export { ReplayDataLoader, concatMinibatches, type ReplayDataLoaderOptions } from './replay-data-loader.js';
export { ReplayPlugin, replayPlugin, replayOptionsSchema, type ReplayOptions } from './replay-plugin.js';
export { replay } from './replay.js';
export { GDumbPlugin, gdumbPlugin, gdumbOptionsSchema, type GDumbOptions } from './gdumb-plugin.js';
export { gdumb } from './gdumb.js';
export { LearningWithoutForgetting, lwfOptionsSchema, type LwfOptions } from './lwf-distillation.js';
export { LwfPlugin, lwfPlugin } from './lwf-plugin.js';
export { lwf } from './lwf.js';
export { gradientImportance, quadraticPenalty, type GradientImportanceOptions } from './gradient-importance.js';
export { EwcRegularizer, ewcOptionsSchema, type EwcOptions } from './ewc-regularizer.js';
export { EwcPlugin, ewcPlugin, type EwcPluginOptions } from './ewc-plugin.js';
export { ewc } from './ewc.js';
export { SynapticIntelligenceRegularizer, synapticIntelligenceOptionsSchema, type SynapticIntelligenceOptions } from './synaptic-intelligence-regularizer.js';
export { SynapticIntelligencePlugin, synapticIntelligencePlugin } from './synaptic-intelligence-plugin.js';
export { synapticIntelligence } from './synaptic-intelligence.js';
export { MasRegularizer, masOptionsSchema, type MasOptions } from './mas-regularizer.js';
export { MasPlugin, masPlugin } from './mas-plugin.js';
export { mas } from './mas.js';
export { EpisodicMemory, type MemorySlot } from './episodic-memory.js';
export { AgemProjector, agemOptionsSchema, type AgemOptions } from './agem-projector.js';
export { AgemPlugin, agemPlugin, type AgemPluginOptions } from './agem-plugin.js';
export { agem } from './agem.js';
export { GemProjector, gemOptionsSchema, type GemOptions } from './gem-projector.js';
export { GemPlugin, gemPlugin, type GemPluginOptions } from './gem-plugin.js';
export { gem } from './gem.js';
export { solveQp, type QuadraticProgram, type QpSolution } from './solve-qp.js';

// Replay-family and online strategies (ER-ACE, ER-AML, DER, MIR, GSS, RAR, SCR, CoPE)
// [exports: replay-family]

// Exemplar and prototype strategies (iCaRL, BiC, IL2M, NCM/FeCAM, StreamingLDA, FeatureReplay, LFL, feature distillation)
// [exports: prototype-family]

// Architectural and regularisation strategies (RWalk, CWR*, AR1, PNN, PackNet)
// [exports: architectural-family]

// Generative and meta-learning strategies (GenerativeReplay, LaMAML, MER, ExpertGate)
// [exports: meta-family]
