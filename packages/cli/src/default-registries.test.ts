import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { fakeScenario } from '@avalanche-ts/core/testing';
import { z } from 'zod';
import { defaultRegistries } from './default-registries.js';
import { strictOptions } from './describe-options.js';
import { resolveExperimentConfig } from './experiment-config.js';
import type { ExperimentRegistries } from './experiment-registries.js';
import { describeScenario, runExperiment } from './run-experiment.js';

// Every entry of the shipped registries builds from its defaults and works with the others.
describe('default registries', () => {
  const quiet = { isTTY: false, write: () => true };
  const registries = defaultRegistries({ stream: quiet, progressStream: quiet });
  // Two experiences of Gaussian clusters instead of MNIST: most strategies run in well under a second.
  registries.benchmarks.add({
    name: 'clusters',
    description: 'test clusters',
    options: strictOptions({ n: z.number().default(2), inputSize: z.number().default(8), taskLabels: z.boolean().default(false) }),
    create: (o, c) =>
      fakeScenario({ nExperiences: o.n, classesPerExperience: 2, samplesPerClass: 12, testSamplesPerClass: 6, inputSize: o.inputSize, taskLabels: o.taskLabels, seed: c.seed }),
  });
  // What a strategy needs besides its defaults: its own model, MNIST-sized inputs, task labels.
  const needs: Record<string, Record<string, unknown>> = {
    pnn: { model: { name: 'pnn', options: { hiddenFeaturesPerColumn: 8 } }, benchmark: { name: 'clusters', options: { taskLabels: true } } },
    packNet: { model: { name: 'packNetSimpleMLP', options: { hiddenSize: 8 } }, benchmark: { name: 'clusters', options: { taskLabels: true } }, trainEpochs: 2 },
    // One experience: its MNIST-sized VAE is slow on the CPU backend (replay itself is tested in training).
    generativeReplay: { benchmark: { name: 'clusters', options: { inputSize: 784, n: 1 } } },
  };

  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it.each(registries.strategies.names())('strategy %s trains with its default options and frees its tensors', async (name) => {
    const config = resolveExperimentConfig(
      { benchmark: 'clusters', model: { name: 'mlp', options: { hiddenSizes: [8] } }, strategy: name, trainMbSize: 8, evalMbSize: 16, loggers: [], metrics: ['accuracy'], ...needs[name] },
      registries,
    );
    const before = tf.memory().numTensors;
    const [run] = await runExperiment(config, registries as unknown as ExperimentRegistries, { runDir: '/tmp/unused' });
    expect(tf.memory().numTensors).toBe(before);
    expect(run.result.finalAccuracy).toBeGreaterThanOrEqual(0);
    expect(run.result.finalAccuracy).toBeLessThanOrEqual(1);
  });

  it('every model fits the benchmark it is given, every metric and logger builds from its defaults', async () => {
    const context = describeScenario(fakeScenario({ nExperiences: 2, inputSize: 6, taskLabels: true }), 0);
    for (const name of registries.models.names()) {
      const model = await registries.models.create(name, {}, context);
      const out = tf.tidy(() => model.forward(tf.zeros([3, 6]), { taskLabels: tf.tensor1d([0, 0, 0], 'int32') }));
      expect(out.shape[0]).toBe(3);
      out.dispose();
      model.dispose();
    }
    for (const name of registries.metrics.names()) expect((await registries.metrics.create(name, {}, {})).length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'avalanche-cli-loggers-'));
    for (const name of registries.loggers.names()) {
      const logger = await registries.loggers.create(name, {}, { dir, strategy: 's', seed: 0, experimentName: 'e', config: {} });
      expect(typeof logger.logMetrics).toBe('function');
      await logger.close?.();
    }
    expect(existsSync(join(dir, 'csvlogs'))).toBe(true);
  });
});
