import { initBackend, type Experience, type StrategyPlugin } from '@avalanche-ts/core';
import { expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { SimpleMLP } from '@avalanche-ts/models';
import { fromScratchTraining } from './from-scratch-training.js';
import { sgd } from './sgd.js';
import { smallSplitMnist } from './test-support/small-split-mnist.js';
import { TestEvaluator } from './test-support/test-evaluator.js';

let train: Experience[];
let test: Experience[];
beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  ({ train, test } = await smallSplitMnist(60, 30, 5));
});

describe('fromScratchTraining', () => {
  it('starts every experience from the initial weights with a fresh optimizer, learning each one alone', async () => {
    const model = new SimpleMLP({ hiddenSize: 64, seed: 2 });
    const initial = model.namedParameters().map(([, v]) => Array.from(v.dataSync()));
    const startWeights: number[][][] = [];
    const momentumSteps: number[] = [];
    const optimizer = sgd({ lr: 0.05, momentum: 0.5 });
    const spy: StrategyPlugin = {
      name: 'spy',
      beforeTrainingEpoch: (ctx) => {
        if (ctx.clock.trainExpEpochs > 0) return;
        startWeights.push(ctx.model.namedParameters().map(([, v]) => Array.from(v.dataSync())));
        momentumSteps.push((optimizer.stateDict() as { params: Record<string, { step: number }> }).params['classifier.weight'].step);
      },
    };
    const evaluator = new TestEvaluator();
    const strategy = fromScratchTraining({ model, optimizer, trainMbSize: 16, trainEpochs: 2, evalMbSize: 300, evaluator, plugins: [spy] });
    const own: number[] = [];
    for (const [e, exp] of train.entries()) {
      await expectNoTensorLeak(() => strategy.train(exp), e === 0 ? 9 : 0); // first: initial copy (4), momentum (4), cached -lr (1)
      const m = await strategy.eval(test[e]);
      own.push(m[`Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp00${e}`] as number);
    }
    for (const w of startWeights) expect(w).toEqual(initial);
    expect(momentumSteps).toEqual([0, 0, 0, 0, 0]);
    // Chance is 0.5 on each 2-digit experience.
    expect(Math.min(...own)).toBeGreaterThan(0.8);
    const final = await strategy.eval(test[0]);
    expect(final['Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000']).toBeLessThan(0.5);
    strategy.dispose();
    model.dispose();
  });
});
