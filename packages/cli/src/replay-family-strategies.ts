import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import {
  SupervisedTemplate,
  cope,
  copeOptionsSchema,
  der,
  derOptionsSchema,
  erAce,
  erAceOptionsSchema,
  erAml,
  erAmlOptionsSchema,
  gssGreedy,
  gssGreedyOptionsSchema,
  mir,
  mirOptionsSchema,
  rarOptionsSchema,
  rarPlugin,
  type Optimizer,
} from '@avalanche-ts/training';
import { z } from 'zod';
import { describedFields, strictOptions } from './describe-options.js';
import type { StrategyBuildContext, Trainer } from './experiment-registries.js';
import { registryEntry, type RegistryEntry } from './registry.js';
import { benchmarkOf, templateOptions } from './template-options.js';

const MEM_SIZE = 'memory size in samples';

/**
 * Replay-family strategies (Avalanche's online and replay methods): the training package's factories with
 * the options a config can hold (its schemas, so names and defaults are the library's). SCR is not here:
 * it needs an `ScrModel` (feature extractor plus projection head), which the CLI's models are not.
 */
export function replayFamilyStrategies(): Array<RegistryEntry<Trainer, StrategyBuildContext<Optimizer>, z.ZodTypeAny>> {
  return [
    registryEntry({
      name: 'erAce',
      description: 'ER-ACE: class-balanced replay; the new batch\'s cross-entropy covers only its own classes (asymmetric)',
      options: strictOptions(describedFields(erAceOptionsSchema.shape, { memSize: MEM_SIZE, batchSizeMem: 'memory samples replayed with each minibatch' })),
      create: (o, c) => erAce({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'erAml',
      description: 'ER-AML: supervised-contrastive loss against memory positives/negatives on the model\'s features, plus replay',
      options: strictOptions(
        describedFields(erAmlOptionsSchema.shape, {
          temp: 'supervised-contrastive temperature',
          baseTemp: 'base temperature; the loss is scaled by temp / baseTemp',
          sameTaskNeg: 'draw negatives only among memory samples of the anchor\'s task',
          memSize: MEM_SIZE,
          batchSizeMem: 'memory samples of the cross-entropy replay batch',
        }),
      ),
      create: (o, c) => erAml({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'der',
      description: 'DER / DER++: replay with the stored logits (MSE, weight alpha) and labels (cross-entropy, weight beta)',
      options: strictOptions(
        describedFields(derOptionsSchema.shape, {
          memSize: MEM_SIZE,
          batchSizeMem: 'memory samples per minibatch (default: trainMbSize)',
          alpha: 'weight of the MSE between current and stored logits',
          beta: 'weight of the cross-entropy on memory samples; 0 gives DER, > 0 DER++',
        }),
      ),
      create: (o, c) => der({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'mir',
      description: 'Maximally Interfered Retrieval: replays the memory samples whose loss a look-ahead step raises most',
      options: strictOptions(
        describedFields(mirOptionsSchema.shape, {
          memSize: MEM_SIZE,
          subsample: 'memory candidates scored per iteration',
          batchSizeMem: 'most interfered candidates replayed per iteration',
        }),
      ),
      create: (o, c) => mir({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'gssGreedy',
      description: 'GSS-greedy: a memory that keeps samples whose gradients are most diverse (gradient-based sample selection)',
      options: strictOptions(
        describedFields(gssGreedyOptionsSchema.shape, { memSize: MEM_SIZE, memStrength: 'random memory subsets a new sample\'s gradient is compared with' }),
      ),
      create: (o, c) => gssGreedy({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'rar',
      description: 'Repeated Augmented Rehearsal: reservoir replay plus an adversarial (MI-FGSM) term on memory samples',
      options: strictOptions(
        describedFields(rarOptionsSchema.shape, {
          memSize: MEM_SIZE,
          batchSizeMem: 'current and memory samples per minibatch, and memory samples attacked (default: trainMbSize)',
          optLr: 'learning rate of the look-ahead SGD step on a copy of the model',
          useAdversarialReplay: 'add the adversarial replay term (false: plain reservoir replay)',
          betaCoef: 'weight of the loss on the attacked memory samples',
          decayFactorFgsm: 'momentum decay of the MI-FGSM attack',
          epsilonFgsm: 'L-infinity budget of the attack',
          iterFgsm: 'attack iterations (iterFgsm - 1 steps of epsilon / iterFgsm)',
          clipRange: 'range attacked inputs are clipped to ([min, max], or null for none)',
        }),
      ),
      // Avalanche has RARPlugin only; the strategy is the template with it, as its examples use it.
      create: (o, c) => {
        const common = templateOptions(c);
        return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), rarPlugin(o)] });
      },
    }),
    registryEntry({
      name: 'cope',
      description: 'Continual Prototype Evolution: the model outputs an embedding; prototypes per class, PPP loss (online streams)',
      options: strictOptions({
        ...describedFields(copeOptionsSchema.shape, { memSize: MEM_SIZE }),
        nClasses: copeOptionsSchema.shape.nClasses.removeDefault().optional().describe("classes of the stream, one prototype each (default: the benchmark's; Avalanche's 10)"),
        pSize: copeOptionsSchema.shape.pSize.removeDefault().optional().describe("embedding size; must be the model's output width (default: that width; Avalanche's 100)"),
        ...describedFields(copeOptionsSchema.shape, {
          alpha: 'prototype momentum',
          T: 'softmax temperature of the PPP loss and the eval scores',
          pInitAdaptive: 'create a class\'s prototype when it first appears instead of all before training',
          maxItCnt: 'iterations per experience before training stops (1: one pass of an online batch)',
        }),
      }),
      create: (o, c) => {
        const width = outputWidth(c);
        if (o.pSize !== undefined && o.pSize !== width) {
          throw new ValidationError(`cope options.pSize: the model outputs ${width} values per sample, so pSize must be ${width}; or give the model numClasses: ${o.pSize} (got ${o.pSize})`);
        }
        return cope({ ...templateOptions(c), ...o, pSize: width, nClasses: o.nClasses ?? benchmarkOf(c, 'cope').nClasses });
      },
    }),
  ];
}

/** Width of the model's output for one sample of the benchmark (CoPE's embedding size). */
function outputWidth(c: StrategyBuildContext<Optimizer>): number {
  const shape = benchmarkOf(c, 'cope').sampleShape;
  return tf.tidy(() => c.model.forward(tf.zeros([1, ...shape]), { taskLabels: tf.zeros([1], 'int32') }).shape[1]);
}
