import * as tf from '@tensorflow/tfjs';
import { ValidationError, initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { SimpleMLP } from '@avalanche-ts/models';
import { TinyModel } from '@avalanche-ts/core/testing';
import { SMALL_BENCHMARK } from '../scripts/forgetting-harness.js';
import { runOnlineWith } from '../scripts/online-harness.js';
import { roundTrip } from '../scripts/plugin-harness.js';
import { countStrategyTensors, meanCurrentAccuracy } from '../scripts/strategy-harness.js';
import { CopePlugin } from './cope-plugin.js';
import { cope } from './cope.js';
import { naive } from './naive.js';
import { pppLoss } from './ppp-loss.js';

// CoPE learns from an online stream (one iteration per 10-sample experience): class-incremental
// SplitMNIST cut by splitOnlineStream, against online Naive with the same seed. With 100 samples per
// class each prototype gets about ten EMA updates, so the test uses α = 0.8 (Avalanche's 0.99 suits the
// paper's full-MNIST streams) and lr 0.05; over seeds 0-2 this gave final accuracies 0.66-0.73.
let streams: Awaited<ReturnType<typeof splitMNIST>>;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  streams = await splitMNIST({ nExperiences: 5, ...SMALL_BENCHMARK });
});

describe('cope() on online class-incremental SplitMNIST', () => {
  it('learns each experience by nearest prototype and forgets far less than online Naive', async () => {
    const run = (name: string, numClasses: number, lr: number, make: typeof naive) =>
      runOnlineWith(name, make, { makeModel: () => new SimpleMLP({ hiddenSize: 256, dropRate: 0, numClasses }), lr }, streams.trainStream, streams.testStream);
    const naiveOnline = await run('Naive online', 10, 0.1, (o) => naive(o));
    const result = await run('CoPE online', 100, 0.05, (o) => cope({ ...o, alpha: 0.8 }));
    // Mean accuracy on each experience right after training on it (chance is 0.1 with 10 outputs).
    expect(meanCurrentAccuracy(result)).toBeGreaterThan(0.6);
    expect(result.finalAccuracy).toBeGreaterThan(naiveOnline.finalAccuracy + 0.3);
    expect(result.forgetting).toBeLessThan(naiveOnline.forgetting - 0.3);
  });
});

describe('CopePlugin / cope', () => {
  it('pppLoss is lower when embeddings sit on their class prototypes', () => {
    const protos = tf.tensor2d([[1, 0], [0, 1], [-1, 0]]);
    const y = tf.tensor1d([0, 0, 1], 'int32');
    const good = pppLoss(tf.tensor2d([[1, 0], [1, 0], [0, 1]]), y, protos).dataSync()[0];
    const bad = pppLoss(tf.tensor2d([[0, 1], [-1, 0], [1, 0]]), y, protos).dataSync()[0];
    expect(good).toBeLessThan(bad);
    expect(Number.isFinite(good)).toBe(true);
  });

  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await countStrategyTensors((o, experiences) => cope({ ...o, memSize: 20, nClasses: 8, pSize: 8, sources: experiences }), {
      makeModel: () => new TinyModel({ inputSize: 8, nClasses: 8, seed: 1 }),
    });
    expect(run.counts[3]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('round-trips its memory and prototypes through stateDict', async () => {
    let result: { original: unknown; restored: unknown } | undefined;
    let plugin: CopePlugin | undefined;
    await countStrategyTensors(
      (o, experiences) => {
        const s = cope({ ...o, memSize: 20, nClasses: 4, pSize: 4, sources: experiences });
        plugin = s.plugins.find((p): p is CopePlugin => p instanceof CopePlugin);
        return s;
      },
      {
        nExperiences: 2,
        makeModel: () => new TinyModel({ inputSize: 8, nClasses: 4, seed: 1 }),
        afterTraining: async (_s, experiences) => {
          const fresh = new CopePlugin({ memSize: 20, nClasses: 4, pSize: 4, sources: experiences });
          result = await roundTrip(plugin!, fresh);
          fresh.dispose();
        },
      },
    );
    expect(result!.restored).toEqual(result!.original);
  });

  it('creates prototypes for all classes before training, or per class on first sight with pInitAdaptive', async () => {
    const make = (pInitAdaptive: boolean) => countStrategyTensors((o) => cope({ ...o, nClasses: 8, pSize: 8, pInitAdaptive }), {
      nExperiences: 1,
      makeModel: () => new TinyModel({ inputSize: 8, nClasses: 8, seed: 1 }),
      afterTraining: async (s) => {
        const plugin = s.plugins.find((p): p is CopePlugin => p instanceof CopePlugin)!;
        const protos = plugin.prototypes;
        expect([...protos.keys()]).toEqual(pInitAdaptive ? [0, 1] : [0, 1, 2, 3, 4, 5, 6, 7]);
        for (const p of protos.values()) expect(Math.hypot(...p)).toBeCloseTo(1, 5);
      },
    });
    await make(false);
    await make(true);
  });

  it('validates its options, naming the field and value', () => {
    expect(() => new CopePlugin({ alpha: 1.5 })).toThrow(ValidationError);
    expect(() => new CopePlugin({ nClasses: 1 })).toThrow(/nClasses.*1/);
    expect(() => new CopePlugin({ T: 0 })).toThrow(/T/);
  });
});
