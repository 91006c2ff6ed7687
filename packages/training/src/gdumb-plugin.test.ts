import { initBackend, type StrategyPlugin } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { sgd } from './sgd.js';
import { SupervisedTemplate } from './supervised-template.js';
import { GDumbPlugin } from './gdumb-plugin.js';
import { roundTripAfterTraining, trainCounting } from '../scripts/plugin-harness.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('GDumbPlugin', () => {
  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await trainCounting((experiences) => new GDumbPlugin({ memSize: 20, sources: experiences }));
    expect(run.counts[4]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('round-trips its state through stateDict', async () => {
    const result = await roundTripAfterTraining((experiences) => new GDumbPlugin({ memSize: 20, sources: experiences }));
    expect(result.restored).toEqual(result.original);
  });

  it('restarts from the initial weights each experience and trains only on the class-balanced memory', async () => {
    const exps = [...fakeScenario({ nExperiences: 2, samplesPerClass: 20 }).trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 4, seed: 1 });
    const initial = model.namedParameters().map(([, v]) => Array.from(v.dataSync()));
    const seen: { weights: number[][]; targets: number[] }[] = [];
    const spy: StrategyPlugin = {
      name: 'spy',
      order: 1,
      beforeTrainingEpoch: (ctx) => {
        seen.push({ weights: ctx.model.namedParameters().map(([, v]) => Array.from(v.dataSync())), targets: Array.from(ctx.adaptedDataset!.targets) });
      },
    };
    const strategy = new SupervisedTemplate({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 5, plugins: [new GDumbPlugin({ memSize: 6 }), spy] });
    await strategy.train(exps[0]);
    await strategy.train(exps[1]);
    expect(seen[1].weights).toEqual(initial);
    expect(seen[0].targets.sort()).toEqual([0, 0, 0, 1, 1, 1]);
    // Four classes share 6 places: 2, 2, 1, 1.
    expect(seen[1].targets.sort()).toEqual([0, 0, 1, 1, 2, 3]);
    strategy.dispose();
    model.dispose();
  });
});
