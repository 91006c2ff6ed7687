import * as tf from '@tensorflow/tfjs';
import { Rng, ValidationError, initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { Activation, Linear, ScrModel, Sequential, SimpleMLP } from '@avalanche-ts/models';
import { TinyModel } from '@avalanche-ts/core/testing';
import { SMALL_BENCHMARK, runWith, type ComparisonSetup, type RunResult } from '../scripts/forgetting-harness.js';
import { runOnlineWith } from '../scripts/online-harness.js';
import { countStrategyTensors, meanCurrentAccuracy } from '../scripts/strategy-harness.js';
import { naive } from './naive.js';
import type { Augmentation } from './scr-plugin.js';
import { scr } from './scr.js';
import { scrLoss } from './scr-loss.js';
import { sgd } from './sgd.js';

// Class-incremental SplitMNIST (5 experiences of two digits, no task labels). SCR trains an encoder with
// a projection head and predicts with nearest class means; Naive is a SimpleMLP of the same width.
const naiveSetup: ComparisonSetup = { lr: 0.1, makeModel: () => new SimpleMLP({ hiddenSize: 256, dropRate: 0 }), optimizer: () => sgd({ lr: 0.1 }) };
const scrModel = (seed = 0) => {
  const rng = new Rng(seed);
  return new ScrModel({
    featureExtractor: new Sequential([new Linear(784, 256, rng), new Activation('relu')]),
    projection: new Sequential([new Linear(256, 128, rng), new Activation('relu'), new Linear(128, 64, rng)]),
  });
};
const scrSetup: ComparisonSetup = { ...naiveSetup, makeModel: () => scrModel() };
// A second view: Gaussian pixel noise (the inputs are normalised MNIST pixels).
const noise: Augmentation = (x, rng) => tf.tidy(() => tf.add(x, tf.randomNormal(x.shape, 0, 0.3, 'float32', rng.nextSeed())));
let streams: Awaited<ReturnType<typeof splitMNIST>>;
let baseline: RunResult;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  streams = await splitMNIST({ nExperiences: 5, ...SMALL_BENCHMARK });
  baseline = await runWith('Naive', (o) => naive(o), naiveSetup, streams.trainStream, streams.testStream);
});

describe('scr() on class-incremental SplitMNIST', () => {
  it('learns each experience with nearest class means and forgets far less than Naive', async () => {
    const result = await runWith('SCR', (o) => scr({ ...o, augmentations: noise }), scrSetup, streams.trainStream, streams.testStream);
    // Mean accuracy on each experience right after training on it (chance is 0.1 with 10 outputs).
    expect(meanCurrentAccuracy(result)).toBeGreaterThan(0.65);
    expect(result.forgetting).toBeLessThan(baseline.forgetting - 0.3);
    expect(result.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.2);
  });

  it('learns online from 10-sample experiences of splitOnlineStream and beats online Naive', async () => {
    const run = (name: string, setup: ComparisonSetup, make: typeof naive) =>
      runOnlineWith(name, make, { makeModel: setup.makeModel, lr: 0.1 }, streams.trainStream, streams.testStream);
    const naiveOnline = await run('Naive online', naiveSetup, (o) => naive(o));
    const result = await run('SCR online', scrSetup, (o) => scr({ ...o, augmentations: noise }));
    // Mean accuracy on each experience right after training on it (chance is 0.1 with 10 outputs).
    expect(meanCurrentAccuracy(result)).toBeGreaterThan(0.55);
    expect(result.finalAccuracy).toBeGreaterThan(naiveOnline.finalAccuracy + 0.2);
    expect(result.forgetting).toBeLessThan(naiveOnline.forgetting - 0.3);
  });
});

describe('scr() internals', () => {
  it('scrLoss is lower for clustered classes and matches the formula on a small case', () => {
    const y = tf.tensor1d([0, 1], 'int32');
    const clustered = tf.tensor2d([[1, 0], [0, 1], [1, 0], [0, 1]]);
    const mixed = tf.tensor2d([[1, 0], [0, 1], [0, 1], [1, 0]]);
    const a = scrLoss(clustered, y, 2, 0.1).dataSync()[0];
    const b = scrLoss(mixed, y, 2, 0.1).dataSync()[0];
    expect(a).toBeLessThan(b);
    // Clustered: each anchor's single positive has logit 10 against two others at 0.
    const expected = -(0.1 / 0.07) * (10 - Math.log(Math.exp(10) + 2));
    expect(a).toBeCloseTo(expected, 4);
  });

  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await countStrategyTensors((o, experiences) => scr({ ...o, memSize: 20, sources: experiences }), {
      makeModel: () => {
        const rng = new Rng(1);
        return new ScrModel({ featureExtractor: new Sequential([new Linear(8, 16, rng), new Activation('relu')]), projection: new Linear(16, 8, rng) });
      },
    });
    expect(run.counts[3]).toBe(run.counts[1]);
    // The model keeps one tensor more than before training: its NCM class-means buffer (the model's, not the strategy's).
    expect(run.afterDispose).toBe(run.before + 1);
  });

  it('validates its options and its model', () => {
    const model = scrModel();
    expect(() => scr({ model, optimizer: sgd({ lr: 0.1 }), temperature: 0 })).toThrow(ValidationError);
    expect(() => scr({ model, optimizer: sgd({ lr: 0.1 }), memSize: 2.5 })).toThrow(/memSize.*2\.5/);
    const tiny = new TinyModel({ inputSize: 8, nClasses: 2 });
    expect(() => scr({ model: tiny, optimizer: sgd({ lr: 0.1 }) })).toThrow(/SCRModel/);
    tiny.dispose();
    model.dispose();
  });
});
