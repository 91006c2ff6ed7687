import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { fakeScenario } from '@avalanche-ts/core/testing';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { MTSimpleMLP, PNN, SimpleMLP } from '@avalanche-ts/models';
import { SMALL_BENCHMARK, runWith, type ComparisonSetup, type RunResult } from '../scripts/forgetting-harness.js';
import { naive } from './naive.js';
import { pnn } from './pnn.js';
import { sgd } from './sgd.js';

// Task-incremental SplitMNIST (5 experiences of two digits, task label = experience, labels 0/1 in each):
// Naive shares its features across tasks and forgets some; PNN freezes every old column by construction.
const optimizer = () => sgd({ lr: 0.1, momentum: 0.9 });
let streams: Awaited<ReturnType<typeof splitMNIST>>;
let baseline: RunResult;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  streams = await splitMNIST({ nExperiences: 5, returnTaskId: true, classIdsFromZeroInEachExp: true, ...SMALL_BENCHMARK });
  const setup: ComparisonSetup = { lr: 0.1, makeModel: () => new MTSimpleMLP({ hiddenSize: 100, dropRate: 0 }), optimizer };
  baseline = await runWith('Naive', (o) => naive(o), setup, streams.trainStream, streams.testStream);
});

describe('pnn() on task-incremental SplitMNIST', () => {
  it('learns each task and forgets nothing: old accuracies stay exactly the same', async () => {
    const setup: ComparisonSetup = { lr: 0.1, makeModel: () => new PNN({ inFeatures: 784, hiddenFeaturesPerColumn: 100 }), optimizer };
    const result = await runWith('PNN', (o) => pnn({ ...o, model: o.model as PNN }), setup, streams.trainStream, streams.testStream);
    // Measured: diagonal 0.98 / 0.98 / 1.00 / 0.95 / 0.89, final accuracy 0.96; Naive forgets 0.18, final 0.80.
    result.matrix.forEach((row, i) => expect(row[i]).toBeGreaterThan(0.85));
    for (let j = 0; j < 4; j++) for (let i = j; i < 5; i++) expect(result.matrix[i][j]).toBe(result.matrix[j][j]);
    expect(result.forgetting).toBe(0);
    expect(baseline.forgetting).toBeGreaterThan(0.08);
    expect(result.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.08);
  });

  it('grows only by the new columns and heads: no other tensor is left behind per experience', async () => {
    const scenario = fakeScenario({ nExperiences: 4, taskLabels: true, samplesPerClass: 12, seed: 2 });
    const model = new PNN({ inFeatures: 8, hiddenFeaturesPerColumn: 6, seed: 1 });
    const strategy = pnn({ model, optimizer: sgd({ lr: 0.05, momentum: 0.9 }), trainMbSize: 8, seed: 3 });
    const extra: number[] = [];
    for (const exp of scenario.trainStream) {
      await strategy.train(exp);
      await strategy.eval(exp);
      // Model variables (parameters and buffers) and the optimizer's momentum buffers grow with each column.
      const owned = Object.keys(model.stateDict()).length + model.namedParameters().filter(([, v]) => v.trainable).length;
      extra.push(tf.memory().numTensors - owned);
    }
    expect(model.numColumns).toBe(4);
    expect(extra[3]).toBe(extra[1]);
    strategy.dispose();
    model.dispose();
  });

  it('needs a PNN model', () => {
    const model = new SimpleMLP({ hiddenSize: 8 });
    expect(() => pnn({ model: model as unknown as PNN, optimizer: sgd({ lr: 0.1 }) })).toThrow(/model.*PNN/s);
    model.dispose();
  });
});
