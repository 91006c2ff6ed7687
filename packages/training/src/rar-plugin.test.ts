import { ValidationError, initBackend, type Experience, type StrategyPlugin } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { SimpleMLP } from '@avalanche-ts/models';
import { SMALL_BENCHMARK, runWith, type ComparisonSetup, type RunResult } from '../scripts/forgetting-harness.js';
import { roundTrip } from '../scripts/plugin-harness.js';
import { countStrategyTensors, meanCurrentAccuracy } from '../scripts/strategy-harness.js';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { naive } from './naive.js';
import { RarPlugin, rarPlugin } from './rar-plugin.js';
import { SupervisedTemplate } from './supervised-template.js';
import { sgd } from './sgd.js';

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head, no task labels).
const setup: ComparisonSetup = { lr: 0.1, makeModel: () => new SimpleMLP({ hiddenSize: 256, dropRate: 0 }), optimizer: () => sgd({ lr: 0.1 }) };
// SplitMNIST inputs are Normalize(0.1307, 0.3081)-ed pixels: the attack clips to that range.
const MNIST_RANGE: [number, number] = [(0 - 0.1307) / 0.3081, (1 - 0.1307) / 0.3081];
let streams: Awaited<ReturnType<typeof splitMNIST>>;
let baseline: RunResult;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  streams = await splitMNIST({ nExperiences: 5, ...SMALL_BENCHMARK });
  baseline = await runWith('Naive', (o) => naive(o), setup, streams.trainStream, streams.testStream);
});

describe('RarPlugin on class-incremental SplitMNIST', () => {
  it('learns each experience and forgets far less than Naive with the same seed', async () => {
    const result = await runWith('Naive + RAR', (o) => naive({ ...o, plugins: [rarPlugin({ batchSizeMem: 32, clipRange: MNIST_RANGE })] }), setup, streams.trainStream, streams.testStream);
    // Mean accuracy on each experience right after training on it (chance is 0.1 with 10 outputs).
    expect(meanCurrentAccuracy(result)).toBeGreaterThan(0.6);
    expect(baseline.forgetting).toBeGreaterThan(0.8);
    expect(result.forgetting).toBeLessThan(baseline.forgetting - 0.3);
    expect(result.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.2);
  });
});

describe('RarPlugin', () => {
  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await countStrategyTensors((o, experiences) => new SupervisedTemplate({ ...o, plugins: [rarPlugin({ memSize: 20, batchSizeMem: 4, clipRange: null, sources: experiences })] }));
    expect(run.counts[3]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('attacks a memory batch each iteration from the second experience on, clipped to clipRange, with the true labels', async () => {
    const exps = [...fakeScenario({ nExperiences: 2, samplesPerClass: 10 }).trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 4, seed: 1 });
    const plugin = rarPlugin({ memSize: 10, batchSizeMem: 4, clipRange: [-1, 1] });
    const seen: Array<{ sizes: number[]; min: number; max: number; labels: number[] }> = [];
    const spy: StrategyPlugin = {
      name: 'spy',
      order: 1,
      beforeForward: (ctx) => {
        const a = plugin.attackedBatch;
        if (a) seen.push({ sizes: [ctx.minibatch!.x.shape[0], a.x.shape[0]], min: a.x.min().dataSync()[0], max: a.x.max().dataSync()[0], labels: Array.from(a.y.dataSync()) });
      },
    };
    const strategy = naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 8, plugins: [plugin, spy] });
    await strategy.train(exps);
    // First experience: no memory, no attack. Second: 4 current + up to 4 memory per minibatch, up to 4 attacked.
    expect(seen.length).toBe(5);
    for (const s of seen) {
      // The 10-sample memory cycles in batches of 4, 4, 2 (no drop_last), in the loader and in the attack.
      expect([6, 8]).toContain(s.sizes[0]);
      expect([2, 4]).toContain(s.sizes[1]);
      expect(s.min).toBeGreaterThanOrEqual(-1);
      expect(s.max).toBeLessThanOrEqual(1);
      s.labels.forEach((y) => expect([0, 1]).toContain(y));
    }
    strategy.dispose();
    model.dispose();
  });

  it('round-trips its memory through stateDict', async () => {
    let result: { original: unknown; restored: unknown } | undefined;
    const plugin = (experiences: Experience[]) => rarPlugin({ memSize: 20, clipRange: null, sources: experiences });
    let live: RarPlugin | undefined;
    await countStrategyTensors(
      (o, experiences) => new SupervisedTemplate({ ...o, plugins: [(live = plugin(experiences))] }),
      { nExperiences: 2, afterTraining: async (_s, experiences) => void (result = await roundTrip(live!, plugin(experiences))) },
    );
    expect(result!.restored).toEqual(result!.original);
  });

  it('validates its options, naming the field and value', () => {
    expect(() => new RarPlugin({ epsilonFgsm: 0 })).toThrow(ValidationError);
    expect(() => new RarPlugin({ iterFgsm: 1.5 })).toThrow(/iterFgsm.*1\.5/);
    expect(() => new RarPlugin({ memSize: 10, storagePolicy: new ClassBalancedBuffer({ maxSize: 20 }) })).toThrow(/memSize 10/);
  });
});
