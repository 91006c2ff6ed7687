import { initBackend } from '@avalanche-ts/core';
import { GemPlugin } from './gem-plugin.js';
import { roundTrip, trainCounting } from '../scripts/plugin-harness.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('GemPlugin', () => {
  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await trainCounting((experiences) => new GemPlugin({ patternsPerExp: 10, sources: experiences }));
    expect(run.counts[4]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('round-trips its state through stateDict', async () => {
    let result: { original: unknown; restored: unknown } | undefined;
    await trainCounting((experiences) => new GemPlugin({ patternsPerExp: 10, sources: experiences }), {
      nExperiences: 2,
      beforeDispose: async (plugin, _model, experiences) => {
        const fresh = new GemPlugin({ patternsPerExp: 10, sources: experiences });
        result = await roundTrip(plugin, fresh);
        fresh.dispose?.();
      },
    });
    expect(result!.restored).toEqual(result!.original);
  });
});
