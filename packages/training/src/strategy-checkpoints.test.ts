import * as tf from '@tensorflow/tfjs';
import { initBackend, type Experience } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { agem } from './agem.js';
import { checkpointToBytes, restoreFromBytes } from './checkpoint.js';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { ewc } from './ewc.js';
import { gdumb } from './gdumb.js';
import { gem } from './gem.js';
import { lwf } from './lwf.js';
import { mas } from './mas.js';
import { ParametricBuffer } from './parametric-buffer.js';
import { herdingSelection } from './exemplars-selection-strategy.js';
import { replay } from './replay.js';
import { sgd } from './sgd.js';
import type { StrategyOptions } from './strategy-options.js';
import type { SupervisedTemplate } from './supervised-template.js';
import { synapticIntelligence } from './synaptic-intelligence.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

type Make = (common: StrategyOptions, sources: Experience[]) => SupervisedTemplate;

const strategies: Array<[string, Make]> = [
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

function weights(model: TinyModel): number[][] {
  return model.namedParameters().map(([, v]) => Array.from(v.dataSync()));
}

describe.each(strategies)('%s', (_name, make) => {
  it('resumes from a checkpoint to bit-identical weights, and a different seed differs', async () => {
    const exps = [...fakeScenario({ nExperiences: 3, samplesPerClass: 10, seed: 2 }).trainStream];
    const run = async (seed: number, stopAfter?: number) => {
      const model = new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
      let strategy = make({ model, optimizer: sgd({ lr: 0.05, momentum: 0.9 }), trainMbSize: 4, seed }, exps);
      for (const [i, exp] of exps.entries()) {
        await strategy.train(exp);
        if (i === stopAfter) {
          const bytes = await checkpointToBytes(strategy);
          strategy.dispose();
          // A fresh process: new model object (same architecture), new strategy and plugins, then restore.
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
