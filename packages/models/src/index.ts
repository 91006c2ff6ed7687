// @avalanche-ts/models: explicit named exports only, so every public symbol shows in a diff.

// Module system over raw variables.
export { Module, forwardContext, type ForwardContext } from './module.js';
export { BaseModel } from './base-model.js';
export { kaimingUniform, kaimingNormal, fanInUniformBias, uniformVariable, constantVariable, ownedVariable } from './kaiming-init.js';
export { Linear, type LinearOptions, type FusedActivation } from './linear.js';
export { Conv2d, type Conv2dOptions } from './conv2d.js';
export { BatchNorm2d, BatchNorm1d, type BatchNorm2dOptions } from './batch-norm-2d.js';
export { Dropout } from './dropout.js';
export { Activation, type ActivationKind } from './activation.js';
export { Flatten } from './flatten.js';
export { Pool2d, type Pool2dOptions } from './pool2d.js';
export { Sequential } from './sequential.js';
export { ModuleDict } from './module-dict.js';
export { BasicBlock } from './basic-block.js';
export { IcarlResidualBlock } from './icarl-residual-block.js';

// Models.
export { SimpleMLP, simpleMlpOptionsSchema, type SimpleMlpOptions } from './simple-mlp.js';
export { MLP, mlpOptionsSchema, type MlpOptions } from './mlp.js';
export { MTSimpleMLP, mtSimpleMlpOptionsSchema, type MtSimpleMlpOptions } from './mt-simple-mlp.js';
export { SimpleCNN, simpleCnnFeatures, simpleCnnOptionsSchema, type SimpleCnnOptions } from './simple-cnn.js';
export { MTSimpleCNN, mtSimpleCnnOptionsSchema, type MtSimpleCnnOptions } from './mt-simple-cnn.js';
export { SlimResNet18, SlimResNetBase, slimResNet18OptionsSchema, type SlimResNet18Options } from './slim-resnet18.js';
export { MTSlimResNet18, mtSlimResNet18OptionsSchema, type MtSlimResNet18Options } from './mt-slim-resnet18.js';
export { LeNet5, lenet5OptionsSchema, type LeNet5Options } from './lenet5.js';
export { IcarlNet, icarlNetOptionsSchema, type IcarlNetOptions } from './icarl-net.js';
export { MobileNetV1, mobileNetV1OptionsSchema, type MobileNetV1Options } from './mobilenet-v1.js';
export { MlpVAE, vaeLoss, mlpVaeOptionsSchema, type MlpVaeOptions, type VaeOutput } from './mlp-vae.js';
export { ExpertAutoencoder, expertAutoencoderOptionsSchema, type ExpertAutoencoderOptions } from './expert-autoencoder.js';
export { ExpertGate, expertGateOptionsSchema, type ExpertGateOptions } from './expert-gate.js';

// Dynamic and special heads.
export { IncrementalClassifier, incrementalClassifierOptionsSchema, type IncrementalClassifierOptions } from './incremental-classifier.js';
export { MultiHeadClassifier, multiHeadClassifierOptionsSchema, type MultiHeadClassifierOptions } from './multi-head-classifier.js';
export { asMultitask } from './as-multitask.js';
export { NCMClassifier, type NcmClassifierOptions } from './ncm-classifier.js';
export { CosineLinear } from './cosine-linear.js';
// Prototype classifiers (NCM/FeCAM strategies).
export { FeCAMClassifier, fecamClassifierOptionsSchema, type FecamClassifierOptions, type ClassStatistics } from './fecam-classifier.js';
export { TrainEvalModel, type EvalClassifier, type FeatureModel } from './train-eval-model.js';
export { symmetricPinv } from './symmetric-pinv.js';

// Replay-family strategies (SCR).
export { ScrModel, type ScrModelOptions } from './scr-model.js';

// Export to the standard TensorFlow.js format.
export { LayersExport } from './layers-export.js';
export { toLayersModel, type ToLayersModelOptions } from './to-layers-model.js';

// Architectural strategies (AR1, PNN, PackNet).
export { BatchRenorm2D, batchRenorm2dOptionsSchema, type BatchRenorm2dOptions } from './batch-renorm-2d.js';
export { replaceBnWithBrn, changeBrnPars, batchRenormLayers } from './replace-bn-with-brn.js';
export { PNN, pnnOptionsSchema, type PnnOptions } from './pnn.js';
export { PnnLayer } from './pnn-layer.js';
export { PnnColumn, type PnnAdapter } from './pnn-column.js';
export { PackNetModel, packNetSimpleMlp, PACKNET_STATES, type PackNetState } from './packnet-model.js';
export { PackNetLayer, PRUNED_CODE } from './packnet-layer.js';
