import { ValidationError, initBackend, type StrategyPlugin } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { roundTrip } from '../scripts/plugin-harness.js';
import { countStrategyTensors } from '../scripts/strategy-harness.js';
import { GssGreedyPlugin } from './gss-greedy-plugin.js';
import { gssGreedy } from './gss-greedy.js';
import { sgd } from './sgd.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('GssGreedyPlugin / gssGreedy', () => {
  it('fills the memory up to memSize and keeps it there, replaying it from the second experience on', async () => {
    const exps = [...fakeScenario({ nExperiences: 3, samplesPerClass: 10 }).trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
    const sizes: number[][] = [[], [], []];
    const spy: StrategyPlugin = { name: 'spy', order: 1, beforeForward: (ctx) => void sizes[ctx.clock.trainExpCounter].push(ctx.minibatch!.x.shape[0]) };
    const strategy = gssGreedy({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 8, memSize: 12, plugins: [spy], seed: 3 });
    const plugin = strategy.plugins.find((p): p is GssGreedyPlugin => p instanceof GssGreedyPlugin)!;
    await strategy.train(exps[0]);
    expect(plugin.length).toBe(12);
    // The first batch has nothing to compare with: score 0.1; later ones get cosine scores in [-1, 1].
    expect(Array.from(plugin.stored.scores.slice(0, 8)).every((s) => Math.abs(s - 0.1) < 1e-6)).toBe(true);
    expect(Array.from(plugin.stored.scores.slice(8)).every((s) => s >= -1 && s <= 1)).toBe(true);
    await strategy.train(exps.slice(1));
    expect(plugin.length).toBe(12);
    expect(sizes[0]).toEqual([8, 8, 4]);
    expect(sizes[1]).toEqual([16, 16, 12]);
    strategy.dispose();
    model.dispose();
  });

  it('checks Avalanche\'s optional inputSize against the data', async () => {
    const [exp] = fakeScenario({ nExperiences: 1, samplesPerClass: 4 }).trainStream;
    const model = new TinyModel({ inputSize: 8, nClasses: 2 });
    const ok = gssGreedy({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 4, inputSize: [8] });
    await ok.train(exp);
    const bad = gssGreedy({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 4, inputSize: [1, 28, 28] });
    await expect(bad.train(exp)).rejects.toThrow(/inputSize \[1,28,28\]/);
    ok.dispose();
    bad.dispose();
    model.dispose();
  });

  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await countStrategyTensors((o) => gssGreedy({ ...o, memSize: 20 }));
    expect(run.counts[3]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('round-trips its memory through stateDict', async () => {
    let result: { original: unknown; restored: unknown } | undefined;
    let plugin: GssGreedyPlugin | undefined;
    await countStrategyTensors(
      (o) => {
        const s = gssGreedy({ ...o, memSize: 20 });
        plugin = s.plugins.find((p): p is GssGreedyPlugin => p instanceof GssGreedyPlugin);
        return s;
      },
      { nExperiences: 2, afterTraining: async () => void (result = await roundTrip(plugin!, new GssGreedyPlugin({ memSize: 20 }))) },
    );
    expect(result!.restored).toEqual(result!.original);
  });

  it('validates its options, naming the field and value', () => {
    expect(() => new GssGreedyPlugin({ memSize: 0 })).toThrow(ValidationError);
    expect(() => new GssGreedyPlugin({ memStrength: 0.5 })).toThrow(/memStrength.*0\.5/);
    expect(() => new GssGreedyPlugin({ inputSize: [0] })).toThrow(/inputSize/);
  });
});
