import { StrategyError, initBackend, type Experience } from '@avalanche-ts/core';
import { expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { SimpleMLP } from '@avalanche-ts/models';
import { jointTraining } from './joint-training.js';
import { sgd } from './sgd.js';
import { meanExpAccuracy, smallSplitMnist } from './test-support/small-split-mnist.js';
import { TestEvaluator } from './test-support/test-evaluator.js';

let train: Experience[];
let test: Experience[];
beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  ({ train, test } = await smallSplitMnist(60, 30, 5));
});

describe('jointTraining', () => {
  it('trains once on the union of the stream, adapting the model to every experience first', async () => {
    const model = new SimpleMLP({ hiddenSize: 64, seed: 2 });
    const adapted: number[] = [];
    const adapt = model.adapt.bind(model);
    model.adapt = (exp: Experience) => (adapted.push(exp.currentExperience), adapt(exp));
    const evaluator = new TestEvaluator();
    const strategy = jointTraining({ model, optimizer: sgd({ lr: 0.05 }), trainMbSize: 32, trainEpochs: 3, evalMbSize: 300, evaluator });
    await expectNoTensorLeak(() => strategy.train(train), 1); // the optimizer's cached -lr scalar
    expect(adapted).toEqual([0, 1, 2, 3, 4]);
    expect(evaluator.trainIterations).toBe(3 * Math.ceil(600 / 32));
    expect(strategy.context.clock.trainExpCounter).toBe(1);
    const metrics = await strategy.eval(test);
    // Offline training on all 10 digits: every experience is remembered.
    expect(meanExpAccuracy(metrics)).toBeGreaterThan(0.75);
    expect(Math.min(...Object.entries(metrics).filter(([k]) => k.startsWith('Top1_Acc_Exp')).map(([, v]) => v as number))).toBeGreaterThan(0.5);
    await expect(strategy.train(train)).rejects.toThrow(StrategyError);
    await expect(strategy.train(train)).rejects.toThrow(/already been trained/);
    strategy.dispose();
    model.dispose();
  });
});
