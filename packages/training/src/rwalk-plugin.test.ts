import { ValidationError, initBackend } from '@avalanche-ts/core';
import { roundTrip, trainCounting } from '../scripts/plugin-harness.js';
import { RWalkPlugin } from './rwalk-plugin.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('RWalkPlugin', () => {
  it('has Avalanche defaults and rejects bad options with a ValidationError', () => {
    const p = new RWalkPlugin();
    expect([p.ewcLambda, p.ewcAlpha, p.deltaT]).toEqual([0.1, 0.9, 10]);
    expect(() => new RWalkPlugin({ ewcAlpha: -0.1 })).toThrow(ValidationError);
    expect(() => new RWalkPlugin({ deltaT: 1.5 })).toThrow(/deltaT/);
    expect(() => new RWalkPlugin({ ewcLambda: -1 })).toThrow(/ewcLambda/);
  });

  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await trainCounting(() => new RWalkPlugin({ ewcLambda: 1, deltaT: 2 }));
    expect(run.counts[4]).toBe(run.counts[1]);
    expect(run.counts[3]).toBe(run.counts[2]);
    expect(run.afterDispose).toBe(run.before);
    run.model.dispose();
  });

  it('computes penalty weights in [0, 2] with a maximum importance term of 1, and changes training from the second experience', async () => {
    let weights: number[] = [];
    await trainCounting(() => new RWalkPlugin({ ewcLambda: 1, deltaT: 1 }), {
      nExperiences: 2,
      beforeDispose: async (plugin) => {
        weights = Object.values((plugin as RWalkPlugin).penalties!).flatMap((t) => Array.from(t.dataSync()));
      },
    });
    expect(weights.length).toBeGreaterThan(0);
    expect(Math.min(...weights)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...weights)).toBeLessThanOrEqual(2 + 1e-6);
    expect(Math.max(...weights)).toBeGreaterThanOrEqual(1 - 1e-6);
    expect(weights.every(Number.isFinite)).toBe(true);
  });

  it('round-trips its state through stateDict', async () => {
    let result: { original: unknown; restored: unknown } | undefined;
    await trainCounting(() => new RWalkPlugin({ deltaT: 2 }), {
      nExperiences: 2,
      beforeDispose: async (plugin) => {
        const fresh = new RWalkPlugin();
        result = await roundTrip(plugin, fresh);
        fresh.dispose();
      },
    });
    expect(result!.restored).toEqual(result!.original);
    expect(Object.keys((result!.original as { expPenalties: object }).expPenalties).length).toBeGreaterThan(0);
  });
});
