import { Rng, initBackend, type ContinualModel } from '@avalanche-ts/core';
import { TinyModel } from '@avalanche-ts/core/testing';
import { Activation, Linear, ScrModel, Sequential } from '@avalanche-ts/models';
import { cope } from './cope.js';
import { der } from './der.js';
import { erAce } from './er-ace.js';
import { erAml } from './er-aml.js';
import { gssGreedy } from './gss-greedy.js';
import { mir } from './mir.js';
import { naive } from './naive.js';
import { rarPlugin } from './rar-plugin.js';
import { scr } from './scr.js';
import { expectExactResume, type MakeStrategy } from './test-support/expect-exact-resume.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

const tiny = () => new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
const scrModel = () => {
  const rng = new Rng(1);
  return new ScrModel({ featureExtractor: new Sequential([new Linear(8, 16, rng), new Activation('relu')]), projection: new Linear(16, 8, rng) });
};

const strategies: Array<[string, MakeStrategy, () => ContinualModel]> = [
  ['erAce', (o, sources) => erAce({ ...o, memSize: 12, batchSizeMem: 4, sources }), tiny],
  ['erAml', (o, sources) => erAml({ ...o, memSize: 12, batchSizeMem: 4, sources }), tiny],
  ['der', (o, sources) => der({ ...o, memSize: 12, sources }), tiny],
  ['mir', (o, sources) => mir({ ...o, memSize: 12, subsample: 8, batchSizeMem: 3, sources }), tiny],
  ['gssGreedy', (o) => gssGreedy({ ...o, memSize: 12 }), tiny],
  ['naive + rarPlugin', (o, sources) => naive({ ...o, plugins: [rarPlugin({ memSize: 12, batchSizeMem: 4, clipRange: null, sources })] }), tiny],
  ['scr', (o, sources) => scr({ ...o, memSize: 12, sources }), scrModel],
  ['cope', (o, sources) => cope({ ...o, memSize: 12, nClasses: 6, pSize: 6, sources }), tiny],
];

describe.each(strategies)('%s', (_name, make, makeModel) => {
  it('resumes from a checkpoint to bit-identical weights, and a different seed differs', async () => {
    await expectExactResume({ make, makeModel });
  });
});
