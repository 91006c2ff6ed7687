import { initBackend, type ContinualModel, type Experience } from '@avalanche-ts/core';
import { TinyModel } from '@avalanche-ts/core/testing';
import { FeCAMClassifier, NCMClassifier, SimpleMLP, TrainEvalModel } from '@avalanche-ts/models';
import { bic } from './bic.js';
import { featureDistillationPlugin } from './feature-distillation-plugin.js';
import { featureReplay } from './feature-replay.js';
import { memoryFecamUpdate } from './fecam-update-plugins.js';
import { icarl } from './icarl.js';
import { il2m } from './il2m.js';
import { lfl } from './lfl.js';
import { naive } from './naive.js';
import { memoryNcmUpdate, ncmOracle } from './ncm-update-plugins.js';
import { streamingLda } from './streaming-lda.js';
import type { SupervisedTemplate } from './supervised-template.js';
import { expectExactResume, type MakeStrategy } from './test-support/expect-exact-resume.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

const tiny = () => new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
const mlp = () => new SimpleMLP({ inputSize: 8, hiddenSize: 6, numClasses: 6, dropRate: 0, seed: 1 });

const strategies: Array<[string, () => ContinualModel, MakeStrategy]> = [
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

/** The model's weights and statistics, after an evaluation pass over the experiences. */
async function state(strategy: SupervisedTemplate, _model: ContinualModel, experiences: Experience[]): Promise<number[][]> {
  await strategy.eval(experiences);
  return Object.values(strategy.model.stateDict()).map((t) => Array.from(t.dataSync()));
}

describe.each(strategies)('%s', (_name, makeModel, make) => {
  it('resumes from a checkpoint to bit-identical weights and statistics, and a different seed differs', async () => {
    // A fresh process also has nothing frozen; the restore brings back the weights and plugin state.
    await expectExactResume({ make, makeModel, snapshot: state, unfreeze: true });
  });
});
