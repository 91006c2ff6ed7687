import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend, type ContinualModel, type Experience } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { Activation, Linear, ScrModel, Sequential } from '@avalanche-ts/models';
import { checkpointToBytes, restoreFromBytes } from './checkpoint.js';
import { cope } from './cope.js';
import { der } from './der.js';
import { erAce } from './er-ace.js';
import { erAml } from './er-aml.js';
import { gssGreedy } from './gss-greedy.js';
import { mir } from './mir.js';
import { naive } from './naive.js';
import { rarPlugin } from './rar-plugin.js';
import { scr } from './scr.js';
import { sgd } from './sgd.js';
import type { StrategyOptions } from './strategy-options.js';
import type { SupervisedTemplate } from './supervised-template.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

type Make = (common: StrategyOptions, sources: Experience[]) => SupervisedTemplate;

const tiny = () => new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
const scrModel = () => {
  const rng = new Rng(1);
  return new ScrModel({ featureExtractor: new Sequential([new Linear(8, 16, rng), new Activation('relu')]), projection: new Linear(16, 8, rng) });
};

const strategies: Array<[string, Make, () => ContinualModel]> = [
  ['erAce', (o, sources) => erAce({ ...o, memSize: 12, batchSizeMem: 4, sources }), tiny],
  ['erAml', (o, sources) => erAml({ ...o, memSize: 12, batchSizeMem: 4, sources }), tiny],
  ['der', (o, sources) => der({ ...o, memSize: 12, sources }), tiny],
  ['mir', (o, sources) => mir({ ...o, memSize: 12, subsample: 8, batchSizeMem: 3, sources }), tiny],
  ['gssGreedy', (o) => gssGreedy({ ...o, memSize: 12 }), tiny],
  ['naive + rarPlugin', (o, sources) => naive({ ...o, plugins: [rarPlugin({ memSize: 12, batchSizeMem: 4, clipRange: null, sources })] }), tiny],
  ['scr', (o, sources) => scr({ ...o, memSize: 12, sources }), scrModel],
  ['cope', (o, sources) => cope({ ...o, memSize: 12, nClasses: 6, pSize: 6, sources }), tiny],
];

function weights(model: ContinualModel): number[][] {
  return model.namedParameters().map(([, v]) => Array.from(v.dataSync()));
}

describe.each(strategies)('%s', (_name, make, makeModel) => {
  it('resumes from a checkpoint to bit-identical weights, and a different seed differs', async () => {
    const exps = [...fakeScenario({ nExperiences: 3, samplesPerClass: 10, seed: 2 }).trainStream];
    const run = async (seed: number, stopAfter?: number) => {
      const model = makeModel();
      let strategy = make({ model, optimizer: sgd({ lr: 0.05, momentum: 0.9 }), trainMbSize: 4, seed }, exps);
      for (const [i, exp] of exps.entries()) {
        await strategy.train(exp);
        if (i === stopAfter) {
          const bytes = await checkpointToBytes(strategy);
          strategy.dispose();
          // A fresh process: weights wiped, new strategy and plugins, then restore.
          for (const [, v] of model.namedParameters()) v.assign(tf.zerosLike(v));
          strategy = make({ model, optimizer: sgd({ lr: 0.05, momentum: 0.9 }), trainMbSize: 4, seed: 99 }, exps);
          await restoreFromBytes(strategy, bytes);
        }
      }
      const result = weights(model);
      strategy.dispose();
      model.dispose();
      return result;
    };
    const straight = await run(5);
    expect(await run(5, 0)).toEqual(straight);
    expect(await run(5, 1)).toEqual(straight);
    expect(await run(6)).not.toEqual(straight);
  });
});
