import * as tf from '@tensorflow/tfjs';
import { initBackend, type Evaluator, type MetricData, type MetricHistory, type StrategyPlugin } from '@avalanche-ts/core';
import { TinyModel, fakeScenario, expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { SupervisedTemplate } from './supervised-template.js';
import { sgd } from './sgd.js';
import { naive } from './naive.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

/** A minimal evaluator: accuracy per evaluated experience, the last value and the history. */
function accuracyEvaluator(): Evaluator {
  const last: Record<string, MetricData> = {};
  const all: Record<string, { x: number[]; values: MetricData[] }> = {};
  let correct = 0;
  let seen = 0;
  return {
    name: 'test-accuracy',
    beforeEvalExp: () => {
      correct = 0;
      seen = 0;
    },
    afterEvalIteration: (ctx) => {
      const pred = tf.tidy(() => ctx.mbOutput!.argMax(1).equal(ctx.minibatch!.y).sum().dataSync()[0]);
      correct += pred;
      seen += ctx.minibatch!.y.shape[0];
    },
    afterEvalExp: (ctx) => {
      const name = `Top1_Acc_Exp/eval_phase/${ctx.evalStreamName}_stream/Exp${String(ctx.experience!.currentExperience).padStart(3, '0')}`;
      last[name] = correct / seen;
      (all[name] ??= { x: [], values: [] }).x.push(ctx.clock.trainIterations);
      all[name].values.push(correct / seen);
    },
    getLastMetrics: () => ({ ...last }),
    getAllMetrics: () => all as Record<string, MetricHistory>,
  };
}

describe('SupervisedTemplate', () => {
  it('fires hooks in Avalanche order and learns the fake scenario', async () => {
    const scenario = fakeScenario({ nExperiences: 2, seed: 1 });
    const model = new TinyModel({ inputSize: 8, nClasses: 4, seed: 1 });
    const calls: string[] = [];
    const recorder: StrategyPlugin = new Proxy({ name: 'recorder' } as StrategyPlugin, {
      get(target, key) {
        if (key === 'name') return 'recorder';
        if (typeof key === 'string' && /^(before|after)/.test(key)) return () => void calls.push(key);
        return (target as unknown as Record<string | symbol, unknown>)[key];
      },
    });
    const strategy = naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 10, trainEpochs: 2, plugins: [recorder], evaluator: accuracyEvaluator() });
    const exp0 = [...scenario.trainStream][0];
    const metrics = await strategy.train(exp0);
    expect(calls.slice(0, 12)).toEqual([
      'beforeTraining',
      'beforeTrainDatasetAdaptation',
      'afterTrainDatasetAdaptation',
      'beforeTrainingExp',
      'beforeTrainingEpoch',
      'beforeTrainingIteration',
      'beforeForward',
      'afterForward',
      'beforeBackward',
      'afterBackward',
      'beforeUpdate',
      'afterUpdate',
    ]);
    expect(calls.filter((c) => c === 'afterTrainingIteration')).toHaveLength(8); // 40 samples / 10 x 2 epochs
    expect(calls.slice(-3)).toEqual(['afterTrainingEpoch', 'afterTrainingExp', 'afterTraining']);
    expect(metrics).toEqual({});
    const evalMetrics = await strategy.eval([...scenario.testStream][0]);
    expect(evalMetrics['Top1_Acc_Exp/eval_phase/test_stream/Exp000']).toBeGreaterThan(0.9);
    strategy.dispose();
    model.dispose();
  });

  it('does not leak tensors over an experience', async () => {
    const scenario = fakeScenario({ nExperiences: 3, seed: 2 });
    const model = new TinyModel({ inputSize: 8, nClasses: 6, seed: 2 });
    const strategy = new SupervisedTemplate({ model, optimizer: sgd({ lr: 0.05, momentum: 0.9 }), trainMbSize: 8, evaluator: accuracyEvaluator(), evalEvery: 0 });
    await strategy.train([...scenario.trainStream][0]);
    for (let e = 1; e < 3; e++) {
      await expectNoTensorLeak(() => strategy.train([...scenario.trainStream][e], { evalStreams: [scenario.testStream] }));
    }
    strategy.dispose();
    model.dispose();
  });
});
