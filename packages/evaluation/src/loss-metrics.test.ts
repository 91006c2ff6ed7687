import * as tf from '@tensorflow/tfjs';
import { initBackend, type StrategyPlugin } from '@avalanche-ts/core';
import { evaluationPlugin } from './evaluation-plugin.js';
import { lossMetrics } from './loss-metrics.js';
import { fixture, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

/** A regulariser adding a constant penalty through `lossTerm`, as EWC would. */
const penalty = (value: number): StrategyPlugin => ({ name: 'Penalty', lossTerm: () => tf.scalar(value) });

async function runEpoch(plugins: StrategyPlugin[]) {
  const { model, train, test } = fixture();
  const evaluator = evaluationPlugin({ metrics: lossMetrics({ minibatch: true, epoch: true, epochRunning: true, experience: true, stream: true }) });
  // lr = 0: the weights never move, so two runs differ only by the penalty.
  const loop = new SimulatedLoop({ model, plugins: [...plugins, evaluator], trainMbSize: 10, lr: 0 });
  const trained = await loop.train(train[0]);
  const evaluated = await loop.eval(test);
  const history = evaluator.getAllMetrics();
  loop.dispose();
  model.dispose();
  return { trained, evaluated, history };
}

describe('lossMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('includes regulariser terms and weights batches by size', async () => {
    const plain = await runEpoch([]);
    const regularised = await runEpoch([penalty(0.5)]);
    const epoch = 'Loss_Epoch/train_phase/train_stream/Task000';
    expect((regularised.trained[epoch] as number) - (plain.trained[epoch] as number)).toBeCloseTo(0.5, 5);
    // Batches of 10, 10 and 4: the epoch loss is the size-weighted mean of the minibatch losses.
    const mb = plain.history['Loss_MB/train_phase/train_stream/Task000'].values as number[];
    expect(mb).toHaveLength(3);
    expect(plain.trained[epoch]).toBeCloseTo((mb[0] * 10 + mb[1] * 10 + mb[2] * 4) / 24, 5);
    const running = plain.history['RunningLoss_Epoch/train_phase/train_stream/Task000'].values as number[];
    expect(running[0]).toBeCloseTo(mb[0], 6);
    expect(running[2]).toBeCloseTo(plain.trained[epoch] as number, 6);
    // Eval loss has no regulariser, and the stream loss is the size-weighted mean of the experiences'.
    expect(regularised.evaluated['Loss_Stream/eval_phase/test_stream/Task000']).toBeCloseTo(plain.evaluated['Loss_Stream/eval_phase/test_stream/Task000'] as number, 5);
    const exps = [0, 1, 2].map((e) => plain.evaluated[`Loss_Exp/eval_phase/test_stream/Task000/Exp00${e}`] as number);
    expect(plain.evaluated['Loss_Stream/eval_phase/test_stream/Task000']).toBeCloseTo((exps[0] + exps[1] + exps[2]) / 3, 5);
  });
});
