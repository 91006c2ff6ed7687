import { ValidationError } from '@avalanche-ts/core';
import {
  generativeReplay,
  generativeReplayOptionsSchema,
  lamaml,
  lamamlOptionsSchema,
  mer,
  merOptionsSchema,
  type Optimizer,
} from '@avalanche-ts/training';
import type { z } from 'zod';
import { describedFields, strictOptions } from './describe-options.js';
import type { StrategyBuildContext, Trainer } from './experiment-registries.js';
import { registryEntry, type RegistryEntry } from './registry.js';
import { benchmarkOf, templateOptions } from './template-options.js';

/**
 * Generative and meta-learning strategies (GenerativeReplay, MER, LaMAML). ExpertGate is library-only: it
 * needs an `ExpertGate` model (autoencoders and experts built by a factory), not one of the CLI's models.
 */
export function metaFamilyStrategies(): Array<RegistryEntry<Trainer, StrategyBuildContext<Optimizer>, z.ZodTypeAny>> {
  return [
    registryEntry({
      name: 'generativeReplay',
      description: 'Generative Replay: an MLP VAE learns each experience; its samples, labelled by the old model, are replayed (MNIST-sized inputs)',
      options: strictOptions(
        describedFields(generativeReplayOptionsSchema.shape, {
          replaySize: 'replayed samples per minibatch (default: as many as current samples)',
          increasingReplaySize: 'without replaySize: replay trainMbSize x experiences seen per minibatch',
          isWeightedReplay: 'weight a separate replay loss instead of appending replayed samples',
          weightReplayLossFactor: 'factor applied to the replay-loss weight after every iteration',
          weightReplayLoss: 'initial weight of the replay loss (weighted replay only)',
        }),
      ),
      create: (o, c) => {
        // The training package's default generator is Avalanche's: an MlpVAE of shape [28, 28, 1] (MNIST statistics).
        const size = benchmarkOf(c, 'generativeReplay').sampleShape.reduce((a, b) => a * b, 1);
        if (size !== 784) {
          throw new ValidationError(`strategy "generativeReplay": its generator is an MNIST-shaped VAE (28 x 28 x 1 = 784 values per sample); the benchmark's samples have ${size}`);
        }
        return generativeReplay({ ...templateOptions(c), ...o });
      },
    }),
    registryEntry({
      name: 'mer',
      description: 'Meta-Experience Replay: Reptile meta-updates over the minibatch mixed with reservoir-memory samples',
      options: strictOptions(
        describedFields(merOptionsSchema.shape, {
          memSize: 'reservoir memory size in samples',
          batchSizeMem: 'memory samples mixed into the minibatch at each inner step',
          nInnerSteps: 'inner steps per iteration',
          beta: 'within-batch Reptile coefficient',
          gamma: 'across-batch Reptile coefficient',
        }),
      ),
      create: (o, c) => mer({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'lamaml',
      description: 'La-MAML: look-ahead meta-learning with learned per-parameter learning rates and a reservoir memory',
      options: strictOptions(
        describedFields(lamamlOptionsSchema.shape, {
          nInnerUpdates: 'inner (look-ahead) updates per minibatch; the minibatch is cut into that many chunks',
          secondOrder: 'differentiate through the inner updates (false: first-order)',
          gradClipNorm: 'inner gradients clamped to [-c, c]; meta-gradients clipped to norm c',
          learnLr: 'learn the per-parameter learning rates',
          lrAlpha: 'learning rate of the learning-rate update',
          syncUpdate: 'update the weights with the strategy\'s optimizer instead of the learned rates',
          alphaInit: 'initial value of every learned learning rate',
          maxBufferSize: 'reservoir memory size in samples',
          bufferMbSize: 'memory samples added to the meta batch',
        }),
      ),
      create: (o, c) => lamaml({ ...templateOptions(c), ...o }),
    }),
  ];
}
