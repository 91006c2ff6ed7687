import * as tf from '@tensorflow/tfjs';
import { initBackend, ValidationError, type Logger, type MetricValue } from '@avalanche-ts/core';
import { fakeScenario } from '@avalanche-ts/core/testing';
import { evaluationPlugin } from '@avalanche-ts/evaluation';
import { z } from 'zod';
import { strictOptions } from './describe-options.js';
import { resolveExperimentConfig } from './experiment-config.js';
import type { ExperimentRegistries } from './experiment-registries.js';
import { metricRegistry } from './metric-registry.js';
import { modelRegistry } from './model-registry.js';
import { optimizerRegistry } from './optimizer-registry.js';
import { Registry } from './registry.js';
import { describeScenario, readMetric, runExperiment, type ExperimentEvent } from './run-experiment.js';
import { strategyRegistry } from './strategy-registry.js';

// Small registries: core's Gaussian clusters and a small MLP train in milliseconds.
function tinyRegistries(logged: MetricValue[]): ExperimentRegistries {
  const opts = strictOptions({});
  return {
    benchmarks: new Registry('benchmark', [
      { name: 'clusters', description: 'Gaussian clusters', options: strictOptions({ nExperiences: z.number().int().default(3) }), create: (o, c) => fakeScenario({ nExperiences: o.nExperiences as number, seed: c.seed }) },
    ]),
    models: modelRegistry(),
    optimizers: optimizerRegistry() as never,
    strategies: strategyRegistry() as never,
    metrics: metricRegistry() as never,
    loggers: new Registry<Logger, never>('logger', [
      {
        name: 'memory',
        description: 'collects values',
        options: opts,
        create: () => ({ name: 'memory', logMetrics: (values: readonly MetricValue[]) => void logged.push(...values) }),
      },
    ]) as never,
    createEvaluator: (metrics, loggers) => evaluationPlugin({ metrics: metrics as never, loggers }),
  };
}

const raw = {
  name: 'tiny',
  benchmark: 'clusters',
  model: { name: 'mlp', options: { hiddenSizes: [16] } },
  strategies: ['naive', { name: 'naive', label: 'naive-sgd-0.1' }],
  optimizer: { name: 'sgd', options: { lr: 0.1 } },
  trainMbSize: 8,
  trainEpochs: 4,
  seeds: [0, 1],
  loggers: ['memory'],
};

describe('runExperiment', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it('runs every strategy on every seed, reads final accuracy and forgetting, and reports progress', async () => {
    const logged: MetricValue[] = [];
    const registries = tinyRegistries(logged);
    const config = resolveExperimentConfig(raw, registries);
    const events: ExperimentEvent['type'][] = [];
    const before = tf.memory().numTensors;
    const runs = await runExperiment(config, registries, { runDir: '/tmp/run', onEvent: (e) => void events.push(e.type) });
    expect(tf.memory().numTensors).toBe(before);
    expect(runs.map((r) => [r.result.strategy, r.result.seed, r.dir])).toEqual([
      ['naive', 0, '/tmp/run/naive/seed-0'],
      ['naive-sgd-0.1', 0, '/tmp/run/naive-sgd-0.1/seed-0'],
      ['naive', 1, '/tmp/run/naive/seed-1'],
      ['naive-sgd-0.1', 1, '/tmp/run/naive-sgd-0.1/seed-1'],
    ]);
    expect(events.filter((e) => e === 'benchmark')).toHaveLength(2);
    expect(events.filter((e) => e === 'experience')).toHaveLength(12);
    for (const run of runs) {
      expect(run.result.finalAccuracy).toBe(run.lastMetrics['Top1_Acc_Stream/eval_phase/test_stream/Task000']);
      expect(run.result.forgetting).toBe(run.lastMetrics['StreamForgetting/eval_phase/test_stream']);
      // Class-incremental fine-tuning learns the last classes and forgets part of the earlier ones.
      expect(run.result.finalAccuracy).toBeGreaterThan(1 / 3);
      expect(run.result.finalAccuracy).toBeLessThan(1);
      expect(run.result.forgetting).toBeGreaterThan(0);
      expect(run.result.seconds).toBeGreaterThan(0);
      expect(run.allMetrics['Top1_Acc_Stream/eval_phase/test_stream/Task000'].values).toHaveLength(3);
    }
    // Same seed, same numbers: both labels run the same strategy and optimizer.
    expect(runs[1].result.finalAccuracy).toBe(runs[0].result.finalAccuracy);
    expect(runs[1].lastMetrics).toEqual(runs[0].lastMetrics);
    expect(runs[2].lastMetrics).not.toEqual(runs[0].lastMetrics);
    expect(logged.some((v) => v.name.startsWith('StreamForgetting/eval_phase/test_stream'))).toBe(true);
  });

  it('says which metric is missing when accuracy is not measured', async () => {
    const registries = tinyRegistries([]);
    const config = resolveExperimentConfig({ ...raw, strategies: ['naive'], seeds: [0], metrics: ['loss'] }, registries);
    await expect(runExperiment(config, registries, { runDir: '/tmp/run' })).rejects.toThrow(ValidationError);
    await expect(runExperiment(config, registries, { runDir: '/tmp/run' })).rejects.toThrow(/include the "accuracy" metric \(got metrics \["loss"\]\)/);
  });
});

describe('readMetric and describeScenario', () => {
  it('reads the metric under its prefix, with or without a task part', () => {
    expect(readMetric({ 'Top1_Acc_Stream/eval_phase/test_stream/Task000': 0.5, 'Top1_Acc_Stream/eval_phase/train_stream/Task000': 0.9 }, 'Top1_Acc_Stream/eval_phase/test_stream')).toBe(0.5);
    expect(readMetric({ 'StreamForgetting/eval_phase/test_stream': 0.25 }, 'StreamForgetting/eval_phase/test_stream')).toBe(0.25);
    expect(readMetric({ 'Top1_Acc_Stream/eval_phase/test_streamX': 1 }, 'Top1_Acc_Stream/eval_phase/test_stream')).toBeUndefined();
  });

  it('reads sample shape, classes and the task setting from the train stream', () => {
    const info = describeScenario(fakeScenario({ nExperiences: 2, classesPerExperience: 3, inputSize: 5, taskLabels: true }), 7);
    expect(info).toMatchObject({ seed: 7, sampleShape: [5], nClasses: 6, taskIncremental: true });
    expect(describeScenario(fakeScenario({ nExperiences: 2 }), 0).taskIncremental).toBe(false);
  });
});
