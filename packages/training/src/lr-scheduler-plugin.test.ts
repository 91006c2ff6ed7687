import { ValidationError, initBackend, type StrategyPlugin } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { cosineAnnealingLr, lrSchedulerPlugin, multiStepLr, stepLr } from './lr-scheduler-plugin.js';
import { naive } from './naive.js';
import { sgd } from './sgd.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('schedules (closed forms of torch.optim.lr_scheduler)', () => {
  it('StepLR, MultiStepLR and CosineAnnealingLR', () => {
    const step = stepLr({ stepSize: 2, gamma: 0.5 });
    expect([0, 1, 2, 3, 4].map((t) => step.lrAt(0.8, t))).toEqual([0.8, 0.8, 0.4, 0.4, 0.2]);
    const multi = multiStepLr({ milestones: [3, 1], gamma: 0.1 });
    expect([0, 1, 2, 3].map((t) => multi.lrAt(1, t))).toEqual([1, 0.1, 0.1, 0.1 * 0.1]);
    const cos = cosineAnnealingLr({ tMax: 4, etaMin: 0.1 });
    expect(cos.lrAt(1, 0)).toBeCloseTo(1);
    expect(cos.lrAt(1, 2)).toBeCloseTo(0.55);
    expect(cos.lrAt(1, 4)).toBeCloseTo(0.1);
    expect(() => stepLr({ stepSize: 0 })).toThrow(ValidationError);
    expect(() => multiStepLr({ milestones: [] })).toThrow(/multiStepLrOptions\.milestones/);
  });
});

describe('lrSchedulerPlugin', () => {
  const scenario = fakeScenario({ nExperiences: 2, samplesPerClass: 20 });
  const train = [...scenario.trainStream];

  async function lrsSeen(plugin: StrategyPlugin, epochs = 3, mb = 10) {
    const model = new TinyModel({ inputSize: 8, nClasses: 4 });
    const optimizer = sgd({ lr: 1 });
    const lrs: number[][] = [[], []];
    const spy: StrategyPlugin = { name: 'spy', beforeUpdate: (ctx) => void lrs[ctx.clock.trainExpCounter].push(optimizer.learningRate) };
    const strategy = naive({ model, optimizer, trainMbSize: mb, trainEpochs: epochs, plugins: [spy, plugin] });
    await strategy.train(train);
    strategy.dispose();
    model.dispose();
    return { lrs, final: optimizer.learningRate };
  }

  it('steps per epoch and resets the rate and the schedule after each experience (Avalanche defaults)', async () => {
    const { lrs, final } = await lrsSeen(lrSchedulerPlugin({ scheduler: stepLr({ stepSize: 1, gamma: 0.5 }) }));
    // 4 iterations per epoch, 3 epochs; the same schedule again in the second experience.
    const expected = [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25];
    expect(lrs).toEqual([expected, expected]);
    expect(final).toBe(1);
  });

  it('steps per iteration, optionally only in the first epoch / experience, and can keep the schedule running', async () => {
    const perIteration = await lrsSeen(lrSchedulerPlugin({ scheduler: multiStepLr({ milestones: [2], gamma: 0.1 }), stepGranularity: 'iteration' }), 1);
    expect(perIteration.lrs[0]).toEqual([1, 1, 0.1, 0.1]);
    const firstEpoch = await lrsSeen(lrSchedulerPlugin({ scheduler: stepLr({ stepSize: 1, gamma: 0.5 }), stepGranularity: 'iteration', firstEpochOnly: true }), 2);
    expect(firstEpoch.lrs[0]).toEqual([1, 0.5, 0.25, 0.125, 0.0625, 0.0625, 0.0625, 0.0625]);
    const firstExp = await lrsSeen(lrSchedulerPlugin({ scheduler: stepLr({ stepSize: 1, gamma: 0.5 }), firstExpOnly: true }), 2);
    expect(firstExp.lrs[1]).toEqual(Array(8).fill(1));
    const noReset = await lrsSeen(lrSchedulerPlugin({ scheduler: stepLr({ stepSize: 1, gamma: 0.5 }), resetLr: false, resetScheduler: false }), 2);
    expect(noReset.lrs[1]).toEqual([0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.125]);
  });

  it('saves and restores its step count', () => {
    const a = lrSchedulerPlugin({ scheduler: stepLr({ stepSize: 1 }) });
    const b = lrSchedulerPlugin({ scheduler: stepLr({ stepSize: 1 }) });
    a.loadStateDict({ baseLr: 0.3, steps: 5 });
    b.loadStateDict(a.stateDict());
    expect(b.stepCount).toBe(5);
    expect(b.stateDict()).toEqual({ baseLr: 0.3, steps: 5 });
  });
});
