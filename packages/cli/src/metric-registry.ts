import {
  accuracyMetrics,
  amcaMetrics,
  bwtMetrics,
  classAccuracyMetrics,
  confusionMatrixMetrics,
  cpuUsageMetrics,
  forgettingMetrics,
  forwardTransferMetrics,
  lossMetrics,
  ramUsageMetrics,
  timingMetrics,
  topkAccMetrics,
  type PluginMetric,
} from '@avalanche-ts/evaluation';
import { z } from 'zod';
import { strictOptions } from './describe-options.js';
import { Registry, registryEntry } from './registry.js';

type NoContext = Record<string, never>;

// Granularity flags with the defaults of Avalanche's default_evaluator (epoch, experience and stream on).
const flag = (on: boolean) => z.boolean().default(on);
const granularities = (epochOn: boolean) => ({
  minibatch: flag(false),
  epoch: flag(epochOn),
  epochRunning: flag(false),
  experience: flag(true),
  stream: flag(true),
});
const expStream = { experience: flag(true), stream: flag(true) };

/**
 * The metrics a config can name. One entry may stand for several metric objects (one per granularity),
 * as Avalanche's `*_metrics()` helpers. Names follow the evaluation package's helpers without `Metrics`.
 */
export function metricRegistry(): Registry<PluginMetric[], NoContext> {
  return new Registry<PluginMetric[], NoContext>('metric', [
    registryEntry({
      name: 'accuracy',
      description: 'Top1_Acc_* (pattern-weighted accuracy): Top1_Acc_Stream is the final accuracy of the tables',
      options: strictOptions({ ...granularities(true), trainedExperience: flag(false) }),
      create: (o) => accuracyMetrics(o),
    }),
    registryEntry({
      name: 'loss',
      description: 'Loss_* (mean loss per pattern; in training it includes regularisation penalties)',
      options: strictOptions(granularities(true)),
      create: (o) => lossMetrics(o),
    }),
    registryEntry({
      name: 'forgetting',
      description: 'ExperienceForgetting / StreamForgetting: accuracy right after training an experience minus now',
      options: strictOptions(expStream),
      create: (o) => forgettingMetrics(o),
    }),
    registryEntry({
      name: 'bwt',
      description: 'ExperienceBWT / StreamBWT: backward transfer (= -forgetting)',
      options: strictOptions(expStream),
      create: (o) => bwtMetrics(o),
    }),
    registryEntry({
      name: 'forwardTransfer',
      description: 'ExperienceForwardTransfer / StreamForwardTransfer (needs evalEvery >= 0 so experiences are evaluated before training)',
      options: strictOptions(expStream),
      create: (o) => forwardTransferMetrics(o),
    }),
    registryEntry({
      name: 'topkAccuracy',
      description: 'Topk_{k}_Acc_*: a prediction counts when the target is among the k largest outputs',
      options: strictOptions({ topK: z.number().int().positive().default(3), ...granularities(false), trainedExperience: flag(false) }),
      create: (o) => topkAccMetrics(o),
    }),
    registryEntry({
      name: 'classAccuracy',
      description: 'Top1_ClassAcc_*: accuracy of each class (name suffix /<class>)',
      options: strictOptions({ ...granularities(false), classes: z.array(z.number().int().min(0)).optional().describe('default: every class seen') }),
      create: (o) => classAccuracyMetrics(o),
    }),
    registryEntry({
      name: 'amca',
      description: 'Top1_AMCA_Stream: average mean class accuracy over the evaluated streams',
      options: strictOptions({ streams: z.array(z.string()).default(['test']), ignoreValidation: flag(true) }),
      create: (o) => amcaMetrics(o),
    }),
    registryEntry({
      name: 'confusionMatrix',
      description: 'ConfusionMatrix_Stream: counts of (target, prediction) on the evaluated stream',
      options: strictOptions({ nClasses: z.number().int().positive().optional().describe('default: grows with the classes seen'), normalize: z.enum(['true', 'pred', 'all']).optional() }),
      create: (o) => confusionMatrixMetrics({ ...o, stream: true }),
    }),
    registryEntry({
      name: 'timing',
      description: 'Time_*: seconds spent per minibatch, epoch, experience and stream',
      options: strictOptions(granularities(true)),
      create: (o) => timingMetrics(o),
    }),
    registryEntry({
      name: 'ramUsage',
      description: 'MaxRAMUsage_*: peak resident memory in MB',
      options: strictOptions({ every: z.number().nonnegative().default(0), minibatch: flag(false), epoch: flag(true), experience: flag(true), stream: flag(true) }),
      create: (o) => ramUsageMetrics(o),
    }),
    registryEntry({
      name: 'cpuUsage',
      description: 'CPUUsage_*: process CPU use in percent',
      options: strictOptions(granularities(true)),
      create: (o) => cpuUsageMetrics(o),
    }),
  ]);
}
