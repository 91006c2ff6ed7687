import * as tf from '@tensorflow/tfjs';
import { initBackend, type ContinualModel, type Experience } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { FeCAMClassifier, NCMClassifier, SimpleMLP, TrainEvalModel } from '@avalanche-ts/models';
import { bic } from './bic.js';
import { checkpointToBytes, restoreFromBytes } from './checkpoint.js';
import { featureDistillationPlugin } from './feature-distillation-plugin.js';
import { featureReplay } from './feature-replay.js';
import { memoryFecamUpdate } from './fecam-update-plugins.js';
import { icarl } from './icarl.js';
import { il2m } from './il2m.js';
import { lfl } from './lfl.js';
import { naive } from './naive.js';
import { memoryNcmUpdate, ncmOracle } from './ncm-update-plugins.js';
import { sgd } from './sgd.js';
import type { StrategyOptions } from './strategy-options.js';
import { streamingLda } from './streaming-lda.js';
import type { SupervisedTemplate } from './supervised-template.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

type Make = (common: StrategyOptions, sources: Experience[]) => SupervisedTemplate;

const tiny = () => new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
const mlp = () => new SimpleMLP({ inputSize: 8, hiddenSize: 6, numClasses: 6, dropRate: 0, seed: 1 });

const strategies: Array<[string, () => ContinualModel, Make]> = [
  ['icarl', tiny, (o, sources) => icarl({ ...o, memorySize: 12, sources })],
  ['bic', tiny, (o, sources) => bic({ ...o, memSize: 40, stage2Epochs: 4, sources })],
  ['il2m', tiny, (o, sources) => il2m({ ...o, memSize: 12, sources })],
  ['memoryNcmUpdate + ncmOracle', () => new TrainEvalModel(mlp(), new NCMClassifier()), (o, sources) => naive({ ...o, plugins: [memoryNcmUpdate({ memSize: 12, sources }), ncmOracle({ sources })] })],
  ['memoryFecamUpdate', () => new TrainEvalModel(mlp(), new FeCAMClassifier()), (o, sources) => naive({ ...o, plugins: [memoryFecamUpdate({ memSize: 12, sources })] })],
  ['featureReplay', mlp, (o) => featureReplay({ ...o, memSize: 12, batchSizeMem: 4 })],
  ['lfl', mlp, (o) => lfl({ ...o, lambdaE: 1 })],
  ['featureDistillationPlugin', tiny, (o) => naive({ ...o, plugins: [featureDistillationPlugin({ mode: 'mse' })] })],
  ['streamingLda', tiny, ({ model, optimizer: _o, ...o }) => streamingLda({ ...o, sldaModel: model, inputSize: 6, numClasses: 6 })],
];

function state(strategy: SupervisedTemplate): number[][] {
  return Object.values(strategy.model.stateDict()).map((t) => Array.from(t.dataSync()));
}

describe.each(strategies)('%s', (_name, makeModel, make) => {
  it('resumes from a checkpoint to bit-identical weights and statistics, and a different seed differs', async () => {
    const exps = [...fakeScenario({ nExperiences: 3, samplesPerClass: 10, seed: 2 }).trainStream];
    const run = async (seed: number, stopAfter?: number) => {
      const model = makeModel();
      let strategy = make({ model, optimizer: sgd({ lr: 0.05, momentum: 0.9 }), trainMbSize: 4, seed }, exps);
      for (const [i, exp] of exps.entries()) {
        await strategy.train(exp);
        if (i === stopAfter) {
          const bytes = await checkpointToBytes(strategy);
          strategy.dispose();
          // A fresh process: zeroed weights, nothing frozen; the restore brings back weights and plugin state.
          for (const [, v] of model.namedParameters()) {
            v.assign(tf.zerosLike(v));
            v.trainable = true;
          }
          strategy = make({ model, optimizer: sgd({ lr: 0.05, momentum: 0.9 }), trainMbSize: 4, seed: 99 }, exps);
          await restoreFromBytes(strategy, bytes);
        }
      }
      await strategy.eval(exps);
      const result = state(strategy);
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
