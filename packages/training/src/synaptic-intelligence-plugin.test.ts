import { initBackend } from '@avalanche-ts/core';
import { SynapticIntelligencePlugin } from './synaptic-intelligence-plugin.js';
import { roundTripAfterTraining, trainCounting } from '../scripts/plugin-harness.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('SynapticIntelligencePlugin', () => {
  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await trainCounting(() => new SynapticIntelligencePlugin({ siLambda: 1 }));
    expect(run.counts[4]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('round-trips its state through stateDict', async () => {
    const result = await roundTripAfterTraining(() => new SynapticIntelligencePlugin({ siLambda: 1 }));
    expect(result.restored).toEqual(result.original);
  });
});
