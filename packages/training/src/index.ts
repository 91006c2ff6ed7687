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
export { BufferSampler } from './buffer-sampler.js';
export { ReplayMemory, sourcesSchema } from './replay-memory.js';
export { aceLoss } from './ace-criterion.js';
export { ErAcePlugin, erAcePlugin, erAceOptionsSchema, type ErAceOptions, type ReplayDraw } from './er-ace-plugin.js';
export { erAce } from './er-ace.js';
export { AmlCriterion, amlOptionsSchema, type AmlOptions, type PositiveNegativePairs } from './aml-criterion.js';
export { ErAmlPlugin, erAmlPlugin, erAmlOptionsSchema, type ErAmlOptions, type FeatureFn } from './er-aml-plugin.js';
export { erAml } from './er-aml.js';
export { LogitsDataset } from './logits-dataset.js';
export { DerPlugin, derPlugin, derOptionsSchema, type DerOptions } from './der-plugin.js';
export { der } from './der.js';
export { MirPlugin, mirPlugin, mirOptionsSchema, mirInterference, type MirOptions } from './mir-plugin.js';
export { mir } from './mir.js';
export { GssGreedyPlugin, gssGreedyPlugin, gssGreedyOptionsSchema, type GssGreedyOptions } from './gss-greedy-plugin.js';
export { gssGreedy } from './gss-greedy.js';
export { RarPlugin, rarPlugin, rarOptionsSchema, type RarOptions } from './rar-plugin.js';
export { scrLoss } from './scr-loss.js';
export { ScrPlugin, scrOptionsSchema, type ScrOptions, type ScrModelLike, type Augmentation } from './scr-plugin.js';
export { scr } from './scr.js';
export { pppLoss } from './ppp-loss.js';
export { CopePlugin, copePlugin, copeOptionsSchema, type CopeOptions } from './cope-plugin.js';
export { cope } from './cope.js';

// Exemplar and prototype strategies (iCaRL, BiC, IL2M, NCM/FeCAM, StreamingLDA, FeatureReplay, LFL, feature distillation)
// [exports: prototype-family]
export { featureRows, modelFeatures, type FeatureRows, type FeatureRowsOptions } from './feature-rows.js';
export { FrozenModelCopy } from './frozen-model-copy.js';
export { IcarlLossPlugin, icarlLossPlugin } from './icarl-loss-plugin.js';
export { IcarlPlugin, icarlPlugin, icarlOptionsSchema, herdingOrder, type IcarlOptions } from './icarl-plugin.js';
export { icarl } from './icarl.js';
export { BiasLayer } from './bias-layer.js';
export { BicPlugin, bicPlugin, bicOptionsSchema, type BicOptions } from './bic-plugin.js';
export { bic } from './bic.js';
export { Il2mPlugin, il2mPlugin, il2mOptionsSchema, type Il2mOptions } from './il2m-plugin.js';
export { il2m } from './il2m.js';
export {
  CurrentDataNcmUpdate,
  MemoryNcmUpdate,
  NcmOracle,
  currentDataNcmUpdate,
  memoryNcmUpdate,
  ncmOracle,
  computeClassMeans,
  memoryPrototypeUpdateOptionsSchema,
  oracleOptionsSchema,
  type MemoryPrototypeUpdateOptions,
  type OracleOptions,
} from './ncm-update-plugins.js';
export {
  CurrentDataFecamUpdate,
  MemoryFecamUpdate,
  FecamOracle,
  currentDataFecamUpdate,
  memoryFecamUpdate,
  fecamOracle,
  classMeansAndCovariances,
} from './fecam-update-plugins.js';
export { StreamingLdaModel, spdInverse, type StreamingLdaModelOptions, type SldaFeatureLayer } from './streaming-lda-model.js';
export { streamingLda, StreamingLdaTemplate, streamingLdaOptionsSchema, type StreamingLdaOptions } from './streaming-lda.js';
export { MaskedCrossEntropy, maskedCrossEntropy, maskedCrossEntropyOptionsSchema, type MaskedCrossEntropyOptions } from './masked-cross-entropy.js';
export { FeatureReplayPlugin, featureReplayPlugin, featureReplayOptionsSchema, type FeatureReplayOptions } from './feature-replay-plugin.js';
export { featureReplay } from './feature-replay.js';
export { LflPlugin, lflPlugin, lflOptionsSchema, lastLinear, type LflOptions } from './lfl-plugin.js';
export { lfl } from './lfl.js';
export {
  FeatureDistillationPlugin,
  featureDistillationPlugin,
  featureDistillationOptionsSchema,
  type FeatureDistillationOptions,
} from './feature-distillation-plugin.js';

// Architectural and regularisation strategies (RWalk, CWR*, AR1, PNN, PackNet)
// [exports: architectural-family]
export { RWalkPlugin, rwalkPlugin, rwalkOptionsSchema, type RWalkOptions, type RWalkPluginOptions } from './rwalk-plugin.js';
export { rwalk } from './rwalk.js';
export { CwrStarPlugin, cwrStarPlugin, cwrStarOptionsSchema, type CwrStarOptions } from './cwr-star-plugin.js';
export { cwrStar } from './cwr-star.js';
export { Ar1Model, mobileNetFlatLayers } from './ar1-model.js';
export { ar1, Ar1Template, ar1OptionsSchema, type Ar1Options, type Ar1StrategyOptions } from './ar1.js';
export { pnn } from './pnn.js';
export { PackNetPlugin, packNetPlugin, packNetOptionsSchema, type PackNetOptions } from './packnet-plugin.js';
export { packNet } from './packnet.js';

// Generative and meta-learning strategies (GenerativeReplay, LaMAML, MER, ExpertGate)
// [exports: meta-family]
export { SupervisedMetaLearningTemplate } from './meta-learning-template.js';
export { GenerativeReplayPlugin, generativeReplayPlugin, generativeReplayOptionsSchema, isGenerativeModel, type GenerativeReplayOptions, type GenerativeModel, type ReplayLoss } from './generative-replay-plugin.js';
export { TrainGeneratorAfterExpPlugin, trainGeneratorAfterExpPlugin, type TrainGeneratorAfterExpOptions } from './train-generator-after-exp-plugin.js';
export { vaeTraining, vaeCriterion, type VaeModel } from './vae-training.js';
export { generativeReplay, type GenerativeReplayStrategyOptions } from './generative-replay.js';
export { MetaReplayBuffer, metaReplayBufferOptionsSchema, type MetaReplayBufferOptions } from './meta-replay-buffer.js';
export { MerTemplate, mer, merOptionsSchema, type MerOptions } from './mer.js';
export { secondOrderCrossEntropyLoss } from './second-order-cross-entropy.js';
export { LookAheadMetaLearner, disposeMetaStep, lookAheadOptionsSchema, type LookAheadOptions, type MetaStep, type SeededBatch } from './look-ahead-meta-learner.js';
export { LaMAMLTemplate, lamaml, lamamlOptionsSchema, type LaMamlOptions } from './lamaml.js';
export { aeTraining, aeCriterion, type AutoencoderModel } from './ae-training.js';
export { ExpertGatePlugin, expertGatePlugin, expertGatePluginOptionsSchema, type ExpertGatePluginOptions } from './expert-gate-plugin.js';
export { expertGate, type ExpertGateStrategyOptions } from './expert-gate.js';
