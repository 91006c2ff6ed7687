import { CheckpointError, initBackend, type Experience } from '@avalanche-ts/core';
import { expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { SimpleMLP } from '@avalanche-ts/models';
import { cumulative } from './cumulative.js';
import { naive } from './naive.js';
import { sgd } from './sgd.js';
import { meanExpAccuracy, smallSplitMnist } from './test-support/small-split-mnist.js';
import { TestEvaluator } from './test-support/test-evaluator.js';
import { checkpointToBytes, restoreFromBytes } from './checkpoint.js';

let train: Experience[];
let test: Experience[];
beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  ({ train, test } = await smallSplitMnist(60, 30, 5));
});

describe('cumulative', () => {
  it('trains on every experience seen so far and forgets far less than naive (class-incremental SplitMNIST)', async () => {
    const run = async (factory: typeof naive) => {
      const model = new SimpleMLP({ hiddenSize: 64, seed: 2 });
      const evaluator = new TestEvaluator();
      const strategy = factory({ model, optimizer: sgd({ lr: 0.05 }), trainMbSize: 32, trainEpochs: 2, evalMbSize: 300, evaluator });
      await strategy.train(train[0]);
      for (const exp of train.slice(1)) await expectNoTensorLeak(() => strategy.train(exp));
      const metrics = await strategy.eval(test);
      const iterations = evaluator.trainIterations;
      strategy.dispose();
      model.dispose();
      return { acc: meanExpAccuracy(metrics), iterations };
    };
    const plain = await run(naive);
    const cumul = await run(cumulative);
    // Experience k trains on 120·(k+1) samples: Σ 2·ceil(120(k+1)/32) iterations.
    expect(cumul.iterations).toBe([1, 2, 3, 4, 5].reduce((n, k) => n + 2 * Math.ceil((120 * k) / 32), 0));
    expect(plain.acc).toBeLessThan(0.3);
    expect(cumul.acc).toBeGreaterThan(0.7);
  });

  it('resumes from a checkpoint only with the train stream, from which it takes the past datasets', async () => {
    const model = new SimpleMLP({ hiddenSize: 16, seed: 2 });
    const strategy = cumulative({ model, optimizer: sgd({ lr: 0.05 }), trainMbSize: 64, trainEpochs: 1, evaluator: new TestEvaluator() });
    await strategy.train(train.slice(0, 2));
    const bytes = await checkpointToBytes(strategy);
    const withoutStream = cumulative({ model, optimizer: sgd({ lr: 0.05 }), evaluator: new TestEvaluator() });
    await expect(restoreFromBytes(withoutStream, bytes)).rejects.toThrow(CheckpointError);
    const evaluator = new TestEvaluator();
    const resumed = cumulative({ model, optimizer: sgd({ lr: 0.05 }), trainMbSize: 64, trainStream: train, evaluator });
    await restoreFromBytes(resumed, bytes);
    await resumed.train(train[2]);
    // The restored evaluator counted the 2 + 4 earlier iterations; experience 2 adds ceil(360 / 64).
    expect(evaluator.trainIterations).toBe(2 + 4 + Math.ceil(360 / 64));
    for (const s of [strategy, withoutStream, resumed]) s.dispose();
    model.dispose();
  });
});
