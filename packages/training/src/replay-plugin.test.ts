import { initBackend, type StrategyPlugin } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { sgd } from './sgd.js';
import { SupervisedTemplate } from './supervised-template.js';
import { ReplayPlugin } from './replay-plugin.js';
import { roundTripAfterTraining, trainCounting } from '../scripts/plugin-harness.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('ReplayPlugin', () => {
  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await trainCounting((experiences) => new ReplayPlugin({ memSize: 20, sources: experiences }));
    expect(run.counts[4]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('round-trips its state through stateDict', async () => {
    const result = await roundTripAfterTraining((experiences) => new ReplayPlugin({ memSize: 20, sources: experiences }));
    expect(result.restored).toEqual(result.original);
  });

  it('doubles the minibatch with memory samples from the second experience on (Avalanche defaults)', async () => {
    const exps = [...fakeScenario({ nExperiences: 2, samplesPerClass: 10 }).trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 4 });
    const sizes: number[][] = [[], []];
    const spy: StrategyPlugin = { name: 'spy', beforeForward: (ctx) => void sizes[ctx.clock.trainExpCounter].push(ctx.minibatch!.x.shape[0]) };
    const strategy = new SupervisedTemplate({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 8, plugins: [new ReplayPlugin({ memSize: 6 }), spy] });
    await strategy.train(exps);
    expect(sizes[0]).toEqual([8, 8, 4]);
    // 20 new samples in batches of 8 plus 8 memory samples (the 6 stored cycle: 6, then 6 again).
    expect(sizes[1]).toEqual([8 + 6, 8 + 6, 4 + 6]);
    strategy.dispose();
    model.dispose();
  });

  it('checks memSize against the storage policy', () => {
    expect(() => new ReplayPlugin({ memSize: 10, storagePolicy: new ClassBalancedBuffer({ maxSize: 20 }) })).toThrow(/memSize 10/);
    expect(new ReplayPlugin({ storagePolicy: new ClassBalancedBuffer({ maxSize: 20 }) }).storagePolicy.maxSize).toBe(20);
    expect(() => new ReplayPlugin({ memSize: -1 })).toThrow(/memSize/);
  });
});
