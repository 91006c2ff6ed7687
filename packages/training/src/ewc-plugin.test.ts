import { initBackend } from '@avalanche-ts/core';
import { EwcPlugin } from './ewc-plugin.js';
import { roundTripAfterTraining, trainCounting } from '../scripts/plugin-harness.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('EwcPlugin', () => {
  it('online mode keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await trainCounting(() => new EwcPlugin({ ewcLambda: 10, mode: 'online', decayFactor: 0.9 }));
    expect(run.counts[4]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('separate mode grows by exactly one (F, θ*) pair per experience (4 parameters: 8 tensors)', async () => {
    const run = await trainCounting(() => new EwcPlugin({ ewcLambda: 10 }));
    expect(run.counts.slice(1).map((c, i) => c - run.counts[i])).toEqual([8, 8, 8, 8]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('round-trips its state through stateDict', async () => {
    const result = await roundTripAfterTraining(() => new EwcPlugin({ ewcLambda: 10 }));
    expect(result.restored).toEqual(result.original);
    expect((result.original as { experiences: number[] }).experiences).toEqual([0, 1]);
  });

  it('validates its options', () => {
    expect(() => new EwcPlugin({ ewcLambda: 1, mode: 'online' })).toThrow(/decayFactor/);
    expect(() => new EwcPlugin({ ewcLambda: 1, decayFactor: 0.5 })).toThrow(/decayFactor/);
    expect(() => new EwcPlugin({ ewcLambda: -1 })).toThrow(/ewcLambda/);
  });
});
