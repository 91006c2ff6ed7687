import { initBackend } from '@avalanche-ts/core';
import { GemPlugin } from './gem-plugin.js';
import { roundTripAfterTraining, trainCounting } from '../scripts/plugin-harness.js';

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
    const result = await roundTripAfterTraining((experiences) => new GemPlugin({ patternsPerExp: 10, sources: experiences }));
    expect(result.restored).toEqual(result.original);
  });
});
