import * as tf from '@tensorflow/tfjs';
import { ValidationError, initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { SimpleMLP } from '@avalanche-ts/models';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { disposeState, roundTrip, stateValues } from '../scripts/plugin-harness.js';
import { runWith, type ComparisonSetup, type RunResult } from '../scripts/forgetting-harness.js';
import { mer } from './mer.js';
import { naive } from './naive.js';
import { sgd } from './sgd.js';

// Class-incremental SplitMNIST cut to three experiences (digits 0-5) of 40 samples per class: MER takes
// (B + batchSizeMem) single-sample steps per inner step, so the stream is kept short.
const setup: ComparisonSetup = { lr: 0.05, makeModel: () => new SimpleMLP({ hiddenSize: 64, dropRate: 0 }), optimizer: () => sgd({ lr: 0.05 }) };
let train: Awaited<ReturnType<typeof splitMNIST>>['trainStream'] extends Iterable<infer E> ? E[] : never;
let test: typeof train;
let baseline: RunResult;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  const streams = await splitMNIST({ nExperiences: 5, trainSamplesPerClass: 40, testSamplesPerClass: 50, seed: 0 });
  train = [...streams.trainStream].slice(0, 3);
  test = [...streams.testStream].slice(0, 3);
  baseline = await runWith('Naive', (o) => naive({ ...o, trainMbSize: 10 }), setup, train, test);
});

describe('mer() on class-incremental SplitMNIST', () => {
  it('learns each experience and forgets far less than Naive with the same seed', async () => {
    const r = await runWith('MER', (o) => mer({ ...o, trainMbSize: 10, nInnerSteps: 3, beta: 0.3, gamma: 1 }), setup, train, test);
    r.matrix.forEach((row, i) => expect(row[i]).toBeGreaterThan(0.7));
    expect(baseline.forgetting).toBeGreaterThan(0.7);
    expect(r.forgetting).toBeLessThan(baseline.forgetting - 0.4);
    expect(r.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.3);
  });
});

describe('MerTemplate on a tiny model', () => {
  const scenario = () => fakeScenario({ nExperiences: 3, samplesPerClass: 6, inputSize: 8, seed: 2 });
  const weights = (m: TinyModel) => m.namedParameters().map(([, v]) => Array.from(v.dataSync()));

  it('with β = γ = 1 and one inner step equals sample-by-sample SGD on the first experience', async () => {
    const [e0] = [...scenario().trainStream];
    const a = new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
    const b = new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
    const m = mer({ model: a, optimizer: sgd({ lr: 0.1 }), trainMbSize: e0.dataset.length, nInnerSteps: 1, beta: 1, gamma: 1, seed: 5 });
    const n = naive({ model: b, optimizer: sgd({ lr: 0.1 }), trainMbSize: 1, seed: 5 });
    await m.train(e0);
    await n.train(e0);
    const [wa, wb] = [weights(a), weights(b)];
    wa.forEach((w, i) => w.forEach((v, j) => expect(v).toBeCloseTo(wb[i][j], 5)));
    for (const x of [m, n, a, b]) x.dispose();
  });

  it('with γ = 0 the outer update restores the weights of the iteration start', async () => {
    const [e0] = [...scenario().trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
    const start = weights(model);
    const m = mer({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 4, gamma: 0 });
    await m.train(e0);
    expect(weights(model)).toEqual(start);
    m.dispose();
    model.dispose();
  });

  it('keeps the number of tensors constant from one experience to the next and frees them on dispose', async () => {
    const [e0, e1, e2] = [...scenario().trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
    const before = tf.memory().numTensors;
    const m = mer({ model, optimizer: sgd({ lr: 0.1, momentum: 0.9 }), trainMbSize: 4, memSize: 10, batchSizeMem: 3 });
    await m.train(e0);
    await m.train(e1);
    await m.eval(e1);
    const mid = tf.memory().numTensors;
    await m.train(e2);
    await m.eval(e2);
    expect(tf.memory().numTensors).toBe(mid);
    expect(m.buffer.length).toBe(10);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('round-trips its memory through the checkpoint state', async () => {
    const exps = [...scenario().trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
    const m = mer({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 4, memSize: 10 });
    await m.train(exps.slice(0, 2));
    const fresh = mer({ model, optimizer: sgd({ lr: 0.1 }), memSize: 10, sources: exps });
    const { original, restored } = await roundTrip(m.buffer, fresh.buffer);
    expect(restored).toEqual(original);
    const state = m.buffer.stateDict();
    expect(stateValues(state)).toEqual(original);
    disposeState(state);
    for (const x of [m, fresh, model]) x.dispose();
  });

  it('rejects bad options naming the field and the value', () => {
    const model = new TinyModel({ inputSize: 8, nClasses: 6 });
    expect(() => mer({ model, optimizer: sgd({ lr: 0.1 }), beta: 2 })).toThrow(ValidationError);
    expect(() => mer({ model, optimizer: sgd({ lr: 0.1 }), beta: 2 })).toThrow(/beta/);
    expect(() => mer({ model, optimizer: sgd({ lr: 0.1 }), nInnerSteps: 0 })).toThrow(/nInnerSteps/);
    expect(() => mer({ model, optimizer: sgd({ lr: 0.1 }), memSize: -1 })).toThrow(/memSize.*-1|-1.*memSize/);
    model.dispose();
  });
});
