import { initBackend } from '@avalanche-ts/core';
import { TinyModel } from '@avalanche-ts/core/testing';
import { agem } from './agem.js';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { ewc } from './ewc.js';
import { gdumb } from './gdumb.js';
import { gem } from './gem.js';
import { lwf } from './lwf.js';
import { mas } from './mas.js';
import { ParametricBuffer } from './parametric-buffer.js';
import { herdingSelection } from './exemplars-selection-strategy.js';
import { replay } from './replay.js';
import { synapticIntelligence } from './synaptic-intelligence.js';
import { expectExactResume, type MakeStrategy } from './test-support/expect-exact-resume.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

const strategies: Array<[string, MakeStrategy]> = [
  ['replay', (o, sources) => replay({ ...o, memSize: 12, sources })],
  ['replay (class-balanced)', (o, sources) => replay({ ...o, storagePolicy: new ClassBalancedBuffer({ maxSize: 12 }), sources })],
  ['replay (herding)', (o, sources) => replay({ ...o, storagePolicy: new ParametricBuffer({ maxSize: 12, groupBy: 'class', selectionStrategy: herdingSelection() }), sources })],
  ['gdumb', (o, sources) => gdumb({ ...o, memSize: 12, sources })],
  ['lwf', (o) => lwf({ ...o, alpha: 1 })],
  ['ewc (separate)', (o) => ewc({ ...o, ewcLambda: 10 })],
  ['ewc (online)', (o) => ewc({ ...o, ewcLambda: 10, mode: 'online', decayFactor: 0.7 })],
  ['synapticIntelligence', (o) => synapticIntelligence({ ...o, siLambda: 1 })],
  ['mas', (o) => mas({ ...o, lambdaReg: 1 })],
  ['agem', (o, sources) => agem({ ...o, patternsPerExp: 8, sampleSize: 8, sources })],
  ['gem', (o, sources) => gem({ ...o, patternsPerExp: 8, sources })],
];

describe.each(strategies)('%s', (_name, make) => {
  it('resumes from a checkpoint to bit-identical weights, and a different seed differs', async () => {
    await expectExactResume({ make, makeModel: () => new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 }) });
  });
});
