import { initBackend } from '@avalanche-ts/core';
import { countTensorsAfter } from '@avalanche-ts/core/testing';
import { accuracyMetrics } from './accuracy-metrics.js';
import { evaluationPlugin } from './evaluation-plugin.js';
import { accuracyOf, fixture, predictionsOf, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

describe('accuracyMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('emits every granularity under Avalanche names with pattern-weighted values', async () => {
    const { model, train, test } = fixture();
    const evaluator = evaluationPlugin({
      metrics: [accuracyMetrics({ minibatch: true, epoch: true, epochRunning: true, experience: true, stream: true, trainedExperience: true })],
    });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 10, evalMbSize: 7 });
    const trainResult = await loop.train(train[0]);
    expect(Object.keys(trainResult).sort()).toEqual([
      'Top1_Acc_Epoch/train_phase/train_stream/Task000',
      'Top1_Acc_MB/train_phase/train_stream/Task000',
      'Top1_RunningAcc_Epoch/train_phase/train_stream/Task000',
    ]);
    const all = evaluator.getAllMetrics();
    // 24 samples in batches of 10: 3 iterations, x = trainIterations before the clock moves.
    expect(all['Top1_Acc_MB/train_phase/train_stream/Task000'].x).toEqual([0, 1, 2]);
    expect(all['Top1_Acc_Epoch/train_phase/train_stream/Task000'].x).toEqual([3]);
    // The running accuracy at the end of the epoch is the epoch accuracy.
    const running = all['Top1_RunningAcc_Epoch/train_phase/train_stream/Task000'].values;
    expect(running[running.length - 1]).toBeCloseTo(trainResult['Top1_Acc_Epoch/train_phase/train_stream/Task000'] as number);

    const result = await loop.eval(test);
    const ref = predictionsOf(model, test);
    // Stream accuracy: over all patterns of the stream (not the mean of experience accuracies).
    expect(result['Top1_Acc_Stream/eval_phase/test_stream/Task000']).toBeCloseTo(accuracyOf(ref.predicted, ref.targets));
    for (const exp of test) {
      const idx = ref.experience.map((e, i) => (e === exp.currentExperience ? i : -1)).filter((i) => i >= 0);
      const acc = accuracyOf(idx.map((i) => ref.predicted[i]), idx.map((i) => ref.targets[i]));
      expect(result[`Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp00${exp.currentExperience}`]).toBeCloseTo(acc);
    }
    // Trained experiences: only experience 0 has been trained.
    const idx0 = ref.experience.map((e, i) => (e === 0 ? i : -1)).filter((i) => i >= 0);
    expect(result['Accuracy_On_Trained_Experiences/eval_phase/test_stream/Task000']).toBeCloseTo(
      accuracyOf(idx0.map((i) => ref.predicted[i]), idx0.map((i) => ref.targets[i])),
    );
    // The last metrics keep train-phase values too (as Avalanche's get_last_metrics).
    expect(result['Top1_Acc_Epoch/train_phase/train_stream/Task000']).toBeDefined();

    // One more experience plus evaluation leaves no tensor behind.
    expect(await countTensorsAfter(async () => {
      await loop.train(train[1]);
      await loop.eval(test);
    })).toBe(0);
    loop.dispose();
    model.dispose();
  });

  it('validates its options', () => {
    expect(() => accuracyMetrics({ stream: 'yes' } as never)).toThrow(/accuracyMetrics options\.stream/);
    expect(() => accuracyMetrics({ streem: true } as never)).toThrow(/streem/);
    expect(accuracyMetrics()).toEqual([]);
  });
});
