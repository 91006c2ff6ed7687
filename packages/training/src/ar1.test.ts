import * as tf from '@tensorflow/tfjs';
import { Rng, StrategyError, ValidationError, initBackend, type StrategyContext, type StrategyPlugin } from '@avalanche-ts/core';
import { datasetFromArrays, takePerClass, type ArrayDataset } from '@avalanche-ts/benchmarks';
import { loadMnist, splitMNIST } from '@avalanche-ts/benchmarks/node';
import { MobileNetV1 } from '@avalanche-ts/models';
import { accuracyEvaluator, runStrategy } from '../scripts/forgetting-harness.js';
import { roundTrip } from '../scripts/plugin-harness.js';
import { ar1 } from './ar1.js';
import { naive } from './naive.js';
import { sgd, type SgdOptimizer } from './sgd.js';

// AR1 builds a MobileNetV1, here at width 1/4 (real digits, first three SplitMNIST experiences, images
// average-pooled to 14×14) or 1/16 (16×16 synthetic class patterns for the mechanics), so that the wasm
// backend trains it in seconds. No pretrained weights exist here: the first experience trains the whole
// network, which needs about fifty SGD steps (lr 0.1, no momentum) to reach a usable feature extractor.
const SIZE = 16;

function patterns(perClass: number, rng: Rng, classPatterns: Float32Array[]) {
  const n = perClass * 10;
  const x = new Float32Array(n * SIZE * SIZE);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 10;
    for (let p = 0; p < SIZE * SIZE; p++) x[i * SIZE * SIZE + p] = classPatterns[y[i]][p] + 0.5 * rng.normal();
  }
  return datasetFromArrays({ x, y, sampleShape: [SIZE, SIZE, 1] });
}

/** The first `perClass` images of each digit, average-pooled to 14×14. */
function downsampled(dataset: ArrayDataset, perClass: number): ArrayDataset {
  const subset = dataset.subset(takePerClass(dataset, perClass));
  const batch = subset.getBatch(Int32Array.from({ length: subset.length }, (_, i) => i));
  const x = tf.tidy(() => tf.avgPool(batch.x as tf.Tensor4D, 2, 2, 'valid'));
  const out = datasetFromArrays({ x, y: subset.targets });
  tf.dispose([x, batch.x, batch.y, batch.taskLabels]);
  return out;
}

let streams: Awaited<ReturnType<typeof splitMNIST>>;
const small = { numClasses: 10, inputSize: 32, widthScale: 0.0625, inChannels: 1, trainMbSize: 8, evalMbSize: 64, trainEpochs: 1, rmSz: 12, lr: 0.01 } as const;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  const rng = new Rng(0);
  const classPatterns = Array.from({ length: 10 }, () => Float32Array.from({ length: SIZE * SIZE }, () => (rng.next() < 0.5 ? -1 : 1)));
  streams = await splitMNIST({ nExperiences: 5, seed: 0, sets: { train: patterns(12, rng, classPatterns), test: patterns(4, rng, classPatterns), dataName: 'patterns' } });
});

describe('ar1() on class-incremental SplitMNIST (first three experiences, 14×14)', () => {
  it('learns each experience and forgets far less than Naive on the same MobileNetV1', async () => {
    const sets = await loadMnist();
    const mnist = await splitMNIST({ nExperiences: 5, seed: 0, sets: { train: downsampled(sets.train, 100), test: downsampled(sets.test, 50), dataName: 'MNIST 14x14' } });
    const train = [...mnist.trainStream].slice(0, 3);
    const test = [...mnist.testStream].slice(0, 3);
    const net = { numClasses: 10, inputSize: 32, widthScale: 0.25, inChannels: 1 } as const;
    const model = new MobileNetV1({ ...net, seed: 0 });
    const evaluator = accuracyEvaluator();
    const base = naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 16, trainEpochs: 4, evalMbSize: 128, evaluator, seed: 0 });
    const baseline = await runStrategy('Naive', base, evaluator, train, test);
    base.dispose();
    model.dispose();
    const ar1Evaluator = accuracyEvaluator();
    const strategy = ar1({ ...net, lr: 0.1, momentum: 0, l2: 0, trainEpochs: 4, trainMbSize: 16, evalMbSize: 128, rmSz: 200, initUpdateRate: 0.1, evaluator: ar1Evaluator, seed: 0 });
    const result = await runStrategy('AR1', strategy, ar1Evaluator, train, test);
    strategy.dispose();
    // Measured: AR1 diagonal 0.83 / 0.52 / 0.70 (chance 0.1), forgetting 0.29, final 0.49; Naive forgetting 0.87, final 0.32.
    result.matrix.forEach((row, i) => expect(row[i]).toBeGreaterThan(0.4));
    expect(baseline.forgetting).toBeGreaterThan(0.7);
    expect(result.forgetting).toBeLessThan(baseline.forgetting - 0.3);
    expect(result.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.08);
  });
});

describe('ar1()', () => {
  it("has Avalanche's defaults and a MobileNetV1 whose batch norms are batch renormalisation", () => {
    const s = ar1({ widthScale: 0.25 });
    expect([s.trainEpochs, s.trainMbSize, s.evalMbSize, s.rmSz]).toEqual([4, 128, 128, 1500]);
    const opt = s.optimizer as SgdOptimizer;
    expect([opt.learningRate, opt.momentum, opt.weightDecay]).toEqual([0.001, 0.9, 0.0005]);
    const names = s.model.namedParameters().map(([n]) => n);
    expect(names.filter((n) => n.endsWith('.bn.weight'))).toEqual([]);
    expect(names).toContain('features.stage4.unit5.dw_conv.bn.beta');
    expect(s.ar1Model.latentLayerNames[19]).toBe('features.stage4.unit5.dw_conv');
    s.dispose();
  });

  it('freezes the lower layers after the first experience, mixes replayed latents into each minibatch, and keeps its tensors constant', async () => {
    const rows: number[][] = [];
    const spy: StrategyPlugin = {
      name: 'spy',
      beforeTrainingExp: () => void rows.push([]),
      afterForward: (ctx: StrategyContext) => void rows[rows.length - 1].push(ctx.mbOutput!.shape[0] * 100 + ctx.minibatch!.y.shape[0]),
    };
    const s = ar1({ ...small, plugins: [spy], seed: 1 });
    const replay = s.plugins.find((p) => p.name === 'AR1LatentReplay') as StrategyPlugin & { memorySize: number; cwr: { consolidatedClasses: number[] } };
    const counts: number[] = [];
    const experiences = [...streams.trainStream].slice(0, 3);
    for (const exp of experiences) {
      await s.train(exp);
      await s.eval(exp);
      counts.push(tf.memory().numTensors);
      expect(replay.memorySize).toBe(12);
    }
    // 24 samples per experience. First: batches of 8. Then 24 // ((24 + 12) // 8) = 6 current + 2 replayed.
    expect(rows[0]).toEqual([808, 808, 808]);
    expect(rows[1]).toEqual([808, 808, 808, 808]);
    expect(rows[2]).toEqual([808, 808, 808, 808]);
    const frozen = new Set(s.model.namedParameters().filter(([, v]) => !v.trainable).map(([n]) => n));
    const names = s.model.namedParameters().map(([n]) => n);
    const boundary = names.indexOf('features.stage4.unit5.dw_conv.bn.beta');
    expect(names.slice(0, boundary).filter((n) => !n.includes('.bn.')).every((n) => frozen.has(n))).toBe(true);
    expect(names.slice(0, boundary).filter((n) => n.includes('.bn.')).some((n) => frozen.has(n))).toBe(false);
    expect(names.slice(boundary).some((n) => frozen.has(n))).toBe(false);
    expect(replay.cwr.consolidatedClasses).toEqual(experiences.flatMap((e) => [...e.classesInThisExperience]).sort((a, b) => a - b));
    expect(counts[2]).toBe(counts[1]);
    const fresh = ar1({ ...small, seed: 1 });
    const state = await roundTrip(replay, fresh.plugins.find((p) => p.name === 'AR1LatentReplay')!);
    expect(state.restored).toEqual(state.original);
    fresh.dispose();
    s.dispose();
  });

  it('validates its options', () => {
    expect(() => ar1({ lr: -1 })).toThrow(ValidationError);
    expect(() => ar1({ rmSz: 1.5 })).toThrow(/rmSz/);
    expect(() => ar1({ ...small, freezeBelowLayer: 'nope' })).toThrow(StrategyError);
    expect(() => ar1({ ...small, latentLayerNum: 40 })).toThrow(/latentLayerNum/);
  });
});
