import * as tf from '@tensorflow/tfjs';
import { ValidationError, initBackend, type StrategyPlugin } from '@avalanche-ts/core';
import { InMemoryDataset, TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { roundTrip } from '../scripts/plugin-harness.js';
import { countStrategyTensors } from '../scripts/strategy-harness.js';
import { DerPlugin } from './der-plugin.js';
import { der } from './der.js';
import { LogitsDataset } from './logits-dataset.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { sgd } from './sgd.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('LogitsDataset', () => {
  it('keeps logit rows aligned through subset and concat, padding narrower rows with NaN', () => {
    const base = new InMemoryDataset(Float32Array.from({ length: 6 }, (_, i) => i), [2], Int32Array.from([0, 1, 2]), new Int32Array(3));
    const a = new LogitsDataset(base, Float32Array.from([1, 2, 3, 4, 5, 6]), 2);
    const b = new LogitsDataset(base.subset([0]), Float32Array.from([7, 8, 9]), 3);
    const sub = a.subset([2, 0]);
    expect(Array.from(sub.logits)).toEqual([5, 6, 1, 2]);
    const joined = sub.concat(b) as LogitsDataset;
    expect(joined.width).toBe(3);
    expect(Array.from(joined.logits)).toEqual([5, 6, NaN, 1, 2, NaN, 7, 8, 9]);
    const batch = joined.getBatch([2, 0]);
    expect(Array.from(batch.extras!.logits.dataSync())).toEqual([7, 8, 9, 5, 6, NaN]);
    expect(Array.from(batch.y.dataSync())).toEqual([0, 2]);
    tf.dispose([batch.x, batch.y, batch.taskLabels, batch.extras!.logits]);
  });
});

describe('DerPlugin / der', () => {
  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await countStrategyTensors((o, experiences) => der({ ...o, memSize: 20, batchSizeMem: 4, sources: experiences }));
    expect(run.counts[3]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('puts batchSizeMem memory rows with their stored logits in front of each minibatch from the second experience on', async () => {
    const exps = [...fakeScenario({ nExperiences: 2, samplesPerClass: 10 }).trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 4 });
    const sizes: number[][] = [[], []];
    const spy: StrategyPlugin = { name: 'spy', order: 1, beforeForward: (ctx) => void sizes[ctx.clock.trainExpCounter].push(ctx.minibatch!.x.shape[0]) };
    const strategy = der({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 8, batchSizeMem: 3, memSize: 6, plugins: [spy] });
    await strategy.train(exps);
    expect(sizes[0]).toEqual([8, 8, 4]);
    expect(sizes[1]).toEqual([11, 11, 7]);
    const plugin = strategy.plugins.find((p): p is DerPlugin => p instanceof DerPlugin)!;
    const memory = plugin.storagePolicy.buffer as LogitsDataset;
    expect(memory.length).toBe(6);
    expect(memory.width).toBe(4);
    strategy.dispose();
    model.dispose();
  });

  it('adds α·MSE to the stored logits and β·CE on the memory rows to the CE of the current rows', async () => {
    const exps = [...fakeScenario({ nExperiences: 2, samplesPerClass: 10 }).trainStream];
    const terms = async (alpha: number, beta: number) => {
      const model = new TinyModel({ inputSize: 8, nClasses: 4, seed: 2 });
      const seen: Array<{ loss: number; current: number; memory: number }> = [];
      const spy: StrategyPlugin = {
        name: 'spy',
        order: 1,
        afterBackward: (ctx) => {
          if (ctx.clock.trainExpCounter === 0) return;
          const [out, y] = [ctx.mbOutput!, ctx.minibatch!.y];
          const m = 3;
          const n = y.shape[0];
          const ce = (a: number, b: number) => crossEntropyLoss(out.slice([a, 0], [b - a, -1]) as tf.Tensor2D, y.slice([a], [b - a]) as tf.Tensor1D).dataSync()[0];
          seen.push({ loss: ctx.loss!.dataSync()[0], current: ce(m, n), memory: ce(0, m) });
        },
      };
      const strategy = der({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 8, batchSizeMem: 3, memSize: 6, alpha, beta, plugins: [spy] });
      await strategy.train(exps);
      strategy.dispose();
      model.dispose();
      return seen;
    };
    for (const s of await terms(0, 0.5)) expect(s.loss).toBeCloseTo(s.current + 0.5 * s.memory, 4);
    for (const s of await terms(0, 0)) expect(s.loss).toBeCloseTo(s.current, 4);
    // α > 0: nothing changed between storing the logits and the first step (MSE 0); after it they moved.
    const [first, ...later] = await terms(1, 0);
    expect(first.loss - first.current).toBeCloseTo(0, 5);
    for (const s of later) expect(s.loss - s.current).toBeGreaterThan(1e-4);
  });

  it('round-trips its memory and the stored samples\' logits through stateDict', async () => {
    let result: { original: unknown; restored: unknown } | undefined;
    let plugin: DerPlugin | undefined;
    await countStrategyTensors(
      (o, experiences) => {
        const s = der({ ...o, memSize: 20, sources: experiences });
        plugin = s.plugins.find((p): p is DerPlugin => p instanceof DerPlugin);
        return s;
      },
      {
        nExperiences: 2,
        afterTraining: async (_s, experiences) => {
          const fresh = new DerPlugin({ memSize: 20, sources: experiences });
          result = await roundTrip(plugin!, fresh);
          const a = plugin!.storagePolicy.buffer as LogitsDataset;
          const b = fresh.storagePolicy.buffer as LogitsDataset;
          expect(Array.from(b.logits)).toEqual(Array.from(a.logits));
        },
      },
    );
    expect(result!.restored).toEqual(result!.original);
  });

  it('validates its options, naming the field and value', () => {
    expect(() => new DerPlugin({ alpha: -1 })).toThrow(ValidationError);
    expect(() => new DerPlugin({ beta: -0.5 })).toThrow(/beta.*-0\.5/);
    expect(() => new DerPlugin({ batchSizeMem: 0 })).toThrow(/batchSizeMem/);
  });
});
