import { initBackend } from '@avalanche-ts/core';
import { accuracyMetrics } from './accuracy-metrics.js';
import { evaluationPlugin } from './evaluation-plugin.js';
import { fixture, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';
import { topkAccMetrics, topkAccName } from './topk-acc-metrics.js';

describe('topkAccMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('names follow Avalanche (running epoch shares the epoch name)', () => {
    expect(topkAccName(3, 'minibatch')).toBe('Topk_3_Acc_MB');
    expect(topkAccName(3, 'epochRunning')).toBe('Topk_3_Acc_Epoch');
    expect(topkAccName(5, 'trainedExperience')).toBe('Topk_5_Acc_On_Trained_Experiences');
    expect(() => topkAccMetrics({ topK: 0 })).toThrow(/topK/);
  });

  it('top-1 equals accuracy, top-6 of 6 classes is 1, top-k grows with k', async () => {
    const { model, train, test } = fixture();
    const evaluator = evaluationPlugin({
      metrics: [accuracyMetrics({ stream: true }), topkAccMetrics({ topK: 1, stream: true }), topkAccMetrics({ topK: 3, stream: true, epoch: true, trainedExperience: true }), topkAccMetrics({ topK: 6, stream: true })],
    });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8 });
    const trained = await loop.train(train[0]);
    expect(trained['Topk_3_Acc_Epoch/train_phase/train_stream/Task000']).toBeGreaterThan(0);
    const r = await loop.eval(test);
    expect(r['Topk_1_Acc_Stream/eval_phase/test_stream/Task000']).toBeCloseTo(r['Top1_Acc_Stream/eval_phase/test_stream/Task000'] as number);
    expect(r['Topk_6_Acc_Stream/eval_phase/test_stream/Task000']).toBe(1);
    expect(r['Topk_3_Acc_Stream/eval_phase/test_stream/Task000'] as number).toBeGreaterThanOrEqual(r['Topk_1_Acc_Stream/eval_phase/test_stream/Task000'] as number);
    expect(r['Topk_3_Acc_On_Trained_Experiences/eval_phase/test_stream/Task000']).toBeGreaterThan(0.5);
    loop.dispose();
    model.dispose();
  });
});
