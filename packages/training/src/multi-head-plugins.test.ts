import { initBackend, type StrategyPlugin } from '@avalanche-ts/core';
import { MTSimpleMLP } from '@avalanche-ts/models';
import { trainCounting } from '../scripts/plugin-harness.js';
import { AgemPlugin } from './agem-plugin.js';
import { EwcPlugin } from './ewc-plugin.js';
import { GemPlugin } from './gem-plugin.js';
import { LwfPlugin } from './lwf-plugin.js';
import { MasPlugin } from './mas-plugin.js';
import { ReplayPlugin } from './replay-plugin.js';
import { SynapticIntelligencePlugin } from './synaptic-intelligence-plugin.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

// With a multi-head model that grows a head per task (2 parameters and 2 active-unit buffers each, as in
// Avalanche's state dict), a plugin's own
// tensors may grow only with the model: per new parameter, EWC and MAS keep 2 (F or Ω, and θ*), SI 4 (ω,
// C, θ*, w), LwF's teacher 1 per state entry; the memories keep none. After dispose nothing is left.
const makeModel = () => new MTSimpleMLP({ inputSize: 8, hiddenSize: 8, dropRate: 0.2 });
// Experiences 2..5 add 3 heads: 6 parameters, 12 state entries.
const plugins: Array<[string, () => StrategyPlugin, number]> = [
  ['LwF', () => new LwfPlugin({ alpha: 1 }), 12],
  ['EWC online', () => new EwcPlugin({ ewcLambda: 1, mode: 'online', decayFactor: 0.5 }), 2 * 6],
  ['SI', () => new SynapticIntelligencePlugin({ siLambda: 1 }), 4 * 6],
  ['MAS', () => new MasPlugin({ lambdaReg: 1 }), 2 * 6],
  ['A-GEM', () => new AgemPlugin({ patternsPerExp: 6, sampleSize: 6 }), 0],
  ['GEM', () => new GemPlugin({ patternsPerExp: 6 }), 0],
  ['Replay', () => new ReplayPlugin({ memSize: 10 }), 0],
];

describe('plugins on a growing multi-head model (task-incremental fake scenario)', () => {
  let baseline: Awaited<ReturnType<typeof trainCounting>>;
  beforeAll(async () => {
    baseline = await trainCounting(() => ({ name: 'none' }), { taskLabels: true, makeModel });
    baseline.model.dispose();
  });

  it.each(plugins)('%s grows only with the model and frees everything on dispose', async (_name, make, growth) => {
    const run = await trainCounting(make, { taskLabels: true, makeModel });
    const extra = run.counts.map((c, i) => c - baseline.counts[i]);
    expect(extra[4] - extra[1]).toBe(growth);
    expect(run.afterDispose - run.before).toBe(baseline.afterDispose - baseline.before);
    run.model.dispose();
  });
});
