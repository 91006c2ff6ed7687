import * as tf from '@tensorflow/tfjs';
import { ValidationError, initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { SimpleMLP } from '@avalanche-ts/models';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { runWith, type ComparisonSetup, type RunResult } from '../scripts/forgetting-harness.js';
import { checkpointToBytes, restoreFromBytes } from './checkpoint.js';
import { lamaml } from './lamaml.js';
import { mer } from './mer.js';
import { naive } from './naive.js';
import { sgd } from './sgd.js';

// Class-incremental SplitMNIST cut to three experiences (digits 0-5), 4 epochs of minibatches of 10: each
// LaMAML iteration takes K = 5 inner steps, 5 meta-gradients and 5 Hessian-vector products, and its clipped,
// α-scaled updates are small, so it needs a few epochs; Naive gets the same epochs.
const setup: ComparisonSetup = { lr: 0.05, makeModel: () => new SimpleMLP({ hiddenSize: 64, dropRate: 0 }), optimizer: () => sgd({ lr: 0.05 }) };
type Exp = Awaited<ReturnType<typeof splitMNIST>>['trainStream'] extends Iterable<infer E> ? E : never;
let train: Exp[];
let test: Exp[];
let baseline: RunResult;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  const streams = await splitMNIST({ nExperiences: 5, trainSamplesPerClass: 60, testSamplesPerClass: 50, seed: 0 });
  train = [...streams.trainStream].slice(0, 3);
  test = [...streams.testStream].slice(0, 3);
  baseline = await runWith('Naive', (o) => naive({ ...o, trainMbSize: 10, trainEpochs: 4 }), setup, train, test);
});

describe('lamaml() on class-incremental SplitMNIST', () => {
  it('learns each experience above chance and forgets far less than Naive with the same seed', async () => {
    const r = await runWith('LaMAML', (o) => lamaml({ ...o, trainMbSize: 10, trainEpochs: 4 }), setup, train, test);
    // Chance is 0.1 (ten outputs); LaMAML's small steps learn a new experience more slowly than Naive.
    r.matrix.forEach((row, i) => expect(row[i]).toBeGreaterThan(0.3));
    expect(baseline.forgetting).toBeGreaterThan(0.8);
    expect(r.forgetting).toBeLessThan(baseline.forgetting - 0.5);
    expect(r.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.2);
  });
});

describe('LaMAMLTemplate on a tiny model', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });
  const scenario = () => fakeScenario({ nExperiences: 3, samplesPerClass: 7, inputSize: 8, seed: 2 });
  const values = (vs: Iterable<tf.Variable>) => [...vs].map((v) => Array.from(v.dataSync()));

  it('keeps the number of tensors constant from one experience to the next and frees them on dispose', async () => {
    const [e0, e1, e2] = [...scenario().trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
    const before = tf.memory().numTensors;
    const strategy = lamaml({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 5, maxBufferSize: 10, bufferMbSize: 4 });
    await strategy.train(e0);
    await strategy.train(e1);
    await strategy.eval(e1);
    const mid = tf.memory().numTensors;
    await strategy.train(e2);
    await strategy.eval(e2);
    expect(tf.memory().numTensors).toBe(mid);
    expect(strategy.buffer.length).toBe(10);
    strategy.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('drops the last incomplete minibatch, re-initialises the weights and learns α only with learnLr', async () => {
    const [e0] = [...scenario().trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
    const original = values(model.namedParameters().map(([, v]) => v));
    let iterations = 0;
    const counter = { name: 'counter', afterTrainingIteration: () => void iterations++ };
    const frozen = lamaml({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 5, learnLr: false, plugins: [counter] });
    expect(values(model.namedParameters().map(([, v]) => v))).not.toEqual(original);
    await frozen.train(e0);
    expect(iterations).toBe(Math.floor(e0.dataset.length / 5));
    expect(new Set(values(frozen.learner.learningRates.values()).flat())).toEqual(new Set([Math.fround(0.1)]));
    frozen.dispose();
    const learning = lamaml({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 5 });
    await learning.train(e0);
    expect(new Set(values(learning.learner.learningRates.values()).flat()).size).toBeGreaterThan(1);
    learning.dispose();
    model.dispose();
  });

  it('with syncUpdate steps through the optimizer (lr 0 leaves the weights unchanged)', async () => {
    const [e0] = [...scenario().trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
    const strategy = lamaml({ model, optimizer: sgd({ lr: 0 }), trainMbSize: 5, syncUpdate: true });
    const start = values(model.namedParameters().map(([, v]) => v));
    await strategy.train(e0);
    expect(values(model.namedParameters().map(([, v]) => v))).toEqual(start);
    strategy.dispose();
    model.dispose();
  });

  it.each(['lamaml', 'mer'] as const)('%s resumes from a checkpoint exactly (weights, learning rates, memory, Rng)', async (kind) => {
    const exps = [...scenario().trainStream];
    const build = (model: TinyModel) =>
      kind === 'lamaml'
        ? lamaml({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 5, maxBufferSize: 8, bufferMbSize: 3, sources: exps, seed: 3 })
        : mer({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 5, memSize: 8, batchSizeMem: 3, nInnerSteps: 2, sources: exps, seed: 3 });
    const a = new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
    const first = build(a);
    await first.train(exps.slice(0, 2));
    const bytes = await checkpointToBytes(first);
    await first.train(exps[2]);
    const b = new TinyModel({ inputSize: 8, nClasses: 6, seed: 9 });
    const resumed = build(b);
    await restoreFromBytes(resumed, bytes);
    await resumed.train(exps[2]);
    expect(values(b.namedParameters().map(([, v]) => v))).toEqual(values(a.namedParameters().map(([, v]) => v)));
    for (const x of [first, resumed, a, b]) x.dispose();
  });

  it('rejects bad options naming the field and the value', () => {
    const model = new TinyModel({ inputSize: 8, nClasses: 6 });
    const make = (extra: Record<string, unknown>) => () => lamaml({ model, optimizer: sgd({ lr: 0.1 }), ...extra });
    expect(make({ nInnerUpdates: 0 })).toThrow(ValidationError);
    expect(make({ nInnerUpdates: 0 })).toThrow(/nInnerUpdates/);
    expect(make({ gradClipNorm: -1 })).toThrow(/gradClipNorm.*-1|-1.*gradClipNorm/);
    expect(make({ bufferMbSize: 1.5 })).toThrow(/bufferMbSize/);
    model.dispose();
  });
});
