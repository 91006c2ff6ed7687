import * as tf from '@tensorflow/tfjs';
import { ValidationError, initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { SimpleMLP } from '@avalanche-ts/models';
import { SMALL_BENCHMARK, runWith, type ComparisonSetup, type RunResult } from '../scripts/forgetting-harness.js';
import { roundTrip, trainCounting } from '../scripts/plugin-harness.js';
import { countStrategyTensors } from '../scripts/strategy-leak-harness.js';
import { icarl } from './icarl.js';
import { IcarlLossPlugin } from './icarl-loss-plugin.js';
import { IcarlPlugin, herdingOrder } from './icarl-plugin.js';
import { naive } from './naive.js';
import { sgd } from './sgd.js';

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head): Naive forgets almost
// everything; iCaRL's exemplars, distillation and nearest-mean classifier are meant to help. iCaRL's
// sigmoid loss has gradients ~C times smaller than cross-entropy, so it gets a larger rate (the paper uses 2).
const setup: ComparisonSetup = { lr: 0.1, makeModel: () => new SimpleMLP({ hiddenSize: 256, dropRate: 0 }), optimizer: () => sgd({ lr: 0.1 }) };
let streams: Awaited<ReturnType<typeof splitMNIST>>;
let baseline: RunResult;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  streams = await splitMNIST({ nExperiences: 5, ...SMALL_BENCHMARK });
  baseline = await runWith('Naive', (o) => naive(o), setup, streams.trainStream, streams.testStream);
});

describe('icarl() on class-incremental SplitMNIST', () => {
  it('learns each experience and forgets far less than Naive with the same seed', async () => {
    const result = await runWith('iCaRL', (o) => icarl({ ...o, memorySize: 200 }), { ...setup, optimizer: () => sgd({ lr: 1 }) }, streams.trainStream, streams.testStream);
    // Measured: final accuracy 0.68 vs 0.18, forgetting 0.12 vs 0.98; the current experience 0.6-0.99 (chance ≤ 0.5).
    result.matrix.forEach((row, i) => expect(row[i]).toBeGreaterThan(0.5));
    expect(baseline.forgetting).toBeGreaterThan(0.8);
    expect(result.forgetting).toBeLessThan(baseline.forgetting - 0.5);
    expect(result.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.3);
  });
});

describe('herdingOrder', () => {
  it('picks first the sample closest to the mean, then the one that brings the running mean back', () => {
    // Unit vectors at angles 0°, 90° and 45°: the mean direction is 45°.
    const f = Float32Array.from([1, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2]);
    const order = herdingOrder(f, 3, 2, 3);
    expect(order[0]).toBe(2);
    expect(new Set(order)).toEqual(new Set([0, 1, 2]));
    expect(herdingOrder(f, 3, 2, 1)).toEqual([2]);
  });
});

describe('IcarlPlugin and IcarlLossPlugin', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });
  afterAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await countStrategyTensors((o, exps) => icarl({ ...o, memorySize: 10, sources: exps }));
    expect(run.counts[3]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('distils the old model on the classes of earlier experiences', () => {
    const loss = new IcarlLossPlugin();
    expect(loss.previousClasses).toEqual([]);
    const value = tf.tidy(() => loss.criterion(tf.tensor2d([[0, 0]]), tf.tensor1d([1], 'int32'), { isTraining: false } as never).dataSync()[0]);
    expect(value).toBeCloseTo(Math.log(2), 5);
    loss.dispose();
  });

  it('validates its options', () => {
    expect(() => new IcarlPlugin({ memorySize: 0 })).toThrow(ValidationError);
    expect(() => new IcarlPlugin({ memorySize: 0 })).toThrow(/memorySize/);
    expect(() => new IcarlPlugin({ memorySize: 10, fixedMemory: 'yes' as never })).toThrow(/fixedMemory/);
  });

  it('round-trips its memory and class means through stateDict', async () => {
    let result: { original: unknown; restored: unknown } | undefined;
    await trainCounting((exps) => new IcarlPlugin({ memorySize: 6, sources: exps }), {
      nExperiences: 2,
      beforeDispose: async (plugin, _model, exps) => {
        const fresh = new IcarlPlugin({ memorySize: 6, sources: exps });
        result = await roundTrip(plugin, fresh);
        fresh.dispose();
      },
    });
    expect(result!.restored).toEqual(result!.original);
    expect((result!.original as { classes: number[] }).classes).toEqual([0, 1, 2, 3]);
  });
});
