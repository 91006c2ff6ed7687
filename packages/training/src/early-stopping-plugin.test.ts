import * as tf from '@tensorflow/tfjs';
import { initBackend, type Evaluator, type MetricData, type StrategyPlugin } from '@avalanche-ts/core';
import { TinyModel, expectNoTensorLeak, fakeScenario } from '@avalanche-ts/core/testing';
import { earlyStoppingPlugin } from './early-stopping-plugin.js';
import { naive } from './naive.js';
import { sgd } from './sgd.js';
import { TestEvaluator } from './test-support/test-evaluator.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

/** An evaluator whose validation metric follows a script, one value per periodic evaluation. */
function scriptedEvaluator(values: number[], key = 'Top1_Acc_Stream/eval_phase/valid_stream/Task000'): Evaluator {
  let last: Record<string, MetricData> = {};
  let i = 0;
  return {
    name: 'scripted',
    afterEval: () => {
      last = { [key]: values[Math.min(i++, values.length - 1)], 'Top1_Acc_Stream/eval_phase/other_stream/Task000': 0 };
    },
    getLastMetrics: () => last,
    getAllMetrics: () => ({}),
  };
}

describe('earlyStoppingPlugin', () => {
  const scenario = fakeScenario({ nExperiences: 1, samplesPerClass: 20 });
  const train = [...scenario.trainStream];
  const valid = [...scenario.testStream];

  async function run(values: number[], options: { patience: number; mode?: 'max' | 'min'; margin?: number }) {
    const model = new TinyModel({ inputSize: 8, nClasses: 2 });
    const evaluator = scriptedEvaluator(values);
    let epochs = 0;
    const snapshots: number[][] = [];
    const counter: StrategyPlugin = {
      name: 'counter',
      afterTrainingEpoch: (ctx) => {
        epochs++;
        snapshots.push(Array.from(ctx.model.namedParameters()[3][1].dataSync()));
      },
    };
    const plugin = earlyStoppingPlugin({ ...options, valStreamName: 'valid', evaluator });
    const strategy = naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 10, trainEpochs: 10, evaluator, evalEvery: 1, plugins: [counter, plugin] });
    await strategy.train(train, { evalStreams: valid });
    const final = Array.from(model.namedParameters()[3][1].dataSync());
    strategy.dispose();
    model.dispose();
    return { epochs, snapshots, final, best: plugin.best };
  }

  it('stops after `patience` epochs without improvement and restores the best weights', async () => {
    // Evaluations: initial, then after each epoch. Best after epoch 2 (0.8); epochs 3 and 4 do not improve.
    const r = await run([0.1, 0.5, 0.8, 0.7, 0.75, 0.9, 0.95], { patience: 2 });
    expect(r.epochs).toBe(4);
    expect(r.best).toBe(0.8);
    expect(r.final).toEqual(r.snapshots[1]);
  });

  it('honours mode "min" and the margin', async () => {
    const min = await run([1.0, 0.9, 0.95, 0.97, 0.5], { patience: 2, mode: 'min' });
    expect(min.epochs).toBe(3);
    expect(min.best).toBe(0.9);
    // With margin 0.2, 0.1 -> 0.25 is not an improvement, so it stops after 2 epochs from the first value.
    const margin = await run([0.1, 0.25, 0.28, 0.9], { patience: 2, margin: 0.2 });
    expect(margin.epochs).toBe(2);
    expect(margin.best).toBe(0.1);
  });

  it('never stops without a matching metric and does not leak', async () => {
    const model = new TinyModel({ inputSize: 8, nClasses: 2 });
    const evaluator = new TestEvaluator();
    const plugin = earlyStoppingPlugin({ patience: 1, valStreamName: 'nothing', evaluator });
    const strategy = naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 10, trainEpochs: 3, evaluator, evalEvery: 1, plugins: [plugin] });
    await strategy.train(train, { evalStreams: valid });
    expect(evaluator.trainIterations).toBe(12);
    const state = plugin.stateDict();
    expect(state.bestValue).toBeNull();
    const other = earlyStoppingPlugin({ patience: 1, valStreamName: 'test', evaluator });
    await expectNoTensorLeak(async () => {
      const s = naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 10, trainEpochs: 2, evaluator, evalEvery: 1, plugins: [other] });
      await s.train(train, { evalStreams: valid });
      other.loadStateDict(other.stateDict());
      s.dispose();
      tf.dispose([]);
    }, 1); // the new optimizer's cached -lr scalar
    strategy.dispose();
    model.dispose();
  });
});
