import * as tf from '@tensorflow/tfjs';
import { Rng, StrategyError, ValidationError, initBackend, type StrategyContext, type StrategyPlugin } from '@avalanche-ts/core';
import { datasetFromArrays } from '@avalanche-ts/benchmarks';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { roundTrip } from '../scripts/plugin-harness.js';
import { ar1 } from './ar1.js';
import type { SgdOptimizer } from './sgd.js';

// AR1 builds a MobileNetV1 (here at width 1/16 on 16×16 one-channel images, so that the wasm backend trains
// it in seconds). A network this size trained from scratch does not learn real digits within a test's
// budget (measured: a MobileNetV1 at width 1/8 stays at chance on the first two SplitMNIST classes after 48
// SGD steps, and so does Naive), so these tests check AR1's mechanics on class-incremental data: batch
// renormalisation, freezing, the latent replay minibatches, the memory, CWR* and tensor ownership.
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

let streams: Awaited<ReturnType<typeof splitMNIST>>;
const small = { numClasses: 10, inputSize: 32, widthScale: 0.0625, inChannels: 1, trainMbSize: 8, evalMbSize: 64, trainEpochs: 1, rmSz: 12, lr: 0.01 } as const;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  const rng = new Rng(0);
  const classPatterns = Array.from({ length: 10 }, () => Float32Array.from({ length: SIZE * SIZE }, () => (rng.next() < 0.5 ? -1 : 1)));
  streams = await splitMNIST({ nExperiences: 5, seed: 0, sets: { train: patterns(12, rng, classPatterns), test: patterns(4, rng, classPatterns), dataName: 'patterns' } });
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
