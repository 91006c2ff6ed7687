import {
  SupervisedTemplate,
  bic,
  bicOptionsSchema,
  featureDistillationOptionsSchema,
  featureDistillationPlugin,
  featureReplay,
  featureReplayOptionsSchema,
  icarl,
  icarlOptionsSchema,
  il2m,
  il2mOptionsSchema,
  lfl,
  lflOptionsSchema,
  maskedCrossEntropy,
  maskedCrossEntropyOptionsSchema,
  streamingLda,
  streamingLdaOptionsSchema,
  type Optimizer,
} from '@avalanche-ts/training';
import type { z } from 'zod';
import { describedFields, strictOptions } from './describe-options.js';
import type { StrategyBuildContext, Trainer } from './experiment-registries.js';
import { registryEntry, type RegistryEntry } from './registry.js';
import { benchmarkOf, templateOptions } from './template-options.js';

const MEM_SIZE = 'memory size in samples';

/**
 * Exemplar and prototype strategies (iCaRL, BiC, IL2M, StreamingLDA, FeatureReplay, LFL, feature
 * distillation), with the training package's option schemas. The NCM / FeCAM update plugins are not
 * strategies (they swap the eval classifier of a `TrainEvalModel`) and stay library-only.
 */
export function prototypeFamilyStrategies(): Array<RegistryEntry<Trainer, StrategyBuildContext<Optimizer>, z.ZodTypeAny>> {
  return [
    registryEntry({
      name: 'icarl',
      description: 'iCaRL: herding exemplars, sigmoid distillation loss, nearest-mean-of-exemplars classification (model features)',
      options: strictOptions({
        memorySize: icarlOptionsSchema.shape.memorySize.default(2000).describe('exemplars kept: in total with fixedMemory, else per class (Avalanche has no default)'),
        ...describedFields(icarlOptionsSchema.shape, { fixedMemory: 'share memorySize between the classes seen so far' }),
      }),
      create: (o, c) => icarl({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'bic',
      description: 'BiC: replay with distillation, then a bias-correction layer fitted on a held-out memory after each experience',
      options: strictOptions({
        memSize: bicOptionsSchema.shape.memSize.removeDefault().default(200).describe(`${MEM_SIZE} (the BiC strategy's default; its plugin's is 2000)`),
        ...describedFields(bicOptionsSchema.shape, {
          batchSizeMem: 'memory samples per minibatch (default: trainMbSize)',
          valPercentage: 'share of memSize held out to fit the bias layer',
          T: 'distillation temperature',
          stage2Epochs: 'epochs of the bias-correction stage',
          lamb: 'distillation weight; -1 uses n_old / n_all',
          lr: 'learning rate of the bias-correction stage',
        }),
      }),
      create: (o, c) => bic({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'il2m',
      description: 'IL2M: experience replay plus rectification of past classes\' scores with stored class statistics',
      options: strictOptions(describedFields(il2mOptionsSchema.shape, { memSize: MEM_SIZE, batchSizeMem: 'memory samples per minibatch (default: trainMbSize)' })),
      create: (o, c) => il2m({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'streamingLda',
      description: 'Streaming LDA on the flattened inputs: class means and a shared covariance, fitted sample by sample (no SGD; the model is unused)',
      options: strictOptions({
        inputSize: streamingLdaOptionsSchema.shape.inputSize.optional().describe("feature size (default: the benchmark's flattened sample size)"),
        numClasses: streamingLdaOptionsSchema.shape.numClasses.optional().describe("classes of the stream (default: the benchmark's)"),
        ...describedFields(streamingLdaOptionsSchema.shape, {
          shrinkageParam: 'shrinkage epsilon of the precision ((1 - eps) Sigma + eps I)^-1',
          streamingUpdateSigma: 'update the shared covariance with every sample',
        }),
      }),
      create: (o, c) => {
        const info = benchmarkOf(c, 'streamingLda');
        const { model: _model, optimizer: _optimizer, ...common } = templateOptions(c);
        return streamingLda({
          ...common,
          ...o,
          inputSize: o.inputSize ?? info.sampleShape.reduce((a, b) => a * b, 1),
          numClasses: o.numClasses ?? info.nClasses,
        });
      },
    }),
    registryEntry({
      name: 'featureReplay',
      description: 'Feature Replay: stores penultimate features, replays them through the last layer only; masked cross-entropy',
      options: strictOptions({
        ...describedFields(featureReplayOptionsSchema.shape, { lastLayerName: 'name of the model\'s last layer, trained on replayed features' }),
        memSize: featureReplayOptionsSchema.shape.memSize.removeDefault().default(200).describe("stored feature vectors, class-balanced (the strategy's default; its plugin's is 10000)"),
        batchSizeMem: featureReplayOptionsSchema.shape.batchSizeMem.default(10).describe('replayed features per minibatch'),
        mask: maskedCrossEntropyOptionsSchema.shape.mask.describe('logits the current-data softmax covers: classes seen so far, the current ones ("new": PR-ACE), the old ones, all'),
      }),
      create: (o, c) => {
        const { mask, ...rest } = o;
        const common = templateOptions(c);
        const masked = maskedCrossEntropy({ mask });
        return featureReplay({ ...common, ...rest, criterion: masked.criterion, plugins: [...(common.plugins ?? []), masked] });
      },
    }),
    registryEntry({
      name: 'lfl',
      description: 'Less-Forgetful Learning: MSE between current and previous penultimate features; last layer frozen after exp 0',
      options: strictOptions({
        lambdaE: lflOptionsSchema.shape.lambdaE.default(1).describe('weight of the feature loss, or one per experience (Avalanche has no default)'),
      }),
      create: (o, c) => lfl({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'featureDistillation',
      description: 'fine-tuning plus distillation of the previous model\'s penultimate features (Avalanche\'s FeatureDistillationPlugin)',
      options: strictOptions(
        describedFields(featureDistillationOptionsSchema.shape, {
          alpha: 'distillation weight, or one per experience',
          mode: '"cosine": alpha (1 - mean cos); "mse": alpha mean squared difference',
        }),
      ),
      create: (o, c) => {
        const common = templateOptions(c);
        return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), featureDistillationPlugin(o)] });
      },
    }),
  ];
}
