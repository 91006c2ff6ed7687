import { initBackend } from '@avalanche-ts/core';
import { accuracyMetrics } from './accuracy-metrics.js';
import { evaluationPlugin } from './evaluation-plugin.js';
import { bwtMetrics, forgettingMetrics } from './forgetting-metrics.js';
import { fixture, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

describe('forgettingMetrics / bwtMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('measure the accuracy lost since the evaluation right after training on each experience', async () => {
    const { model, train, test } = fixture();
    const evaluator = evaluationPlugin({
      metrics: [accuracyMetrics({ experience: true }), forgettingMetrics({ experience: true, stream: true }), bwtMetrics({ experience: true, stream: true })],
    });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8, trainEpochs: 3, lr: 0.2 });
    const acc = (r: Record<string, unknown>, e: number) => r[`Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp00${e}`] as number;

    await loop.train(train[0]);
    const first = await loop.eval(test);
    // Right after training on experience 0 there is no forgetting yet; the stream value is the empty mean.
    expect(Object.keys(first).filter((k) => k.startsWith('ExperienceForgetting'))).toEqual([]);
    expect(first['StreamForgetting/eval_phase/test_stream']).toBe(0);
    expect(acc(first, 0)).toBeGreaterThan(0.8);

    await loop.train(train[1]);
    const second = await loop.eval(test);
    const f0 = acc(first, 0) - acc(second, 0);
    expect(second['ExperienceForgetting/eval_phase/test_stream/Task000/Exp000']).toBeCloseTo(f0);
    expect(second['ExperienceBWT/eval_phase/test_stream/Task000/Exp000']).toBeCloseTo(-f0);
    // Experience 1 was just trained on (initial value), experience 2 never: neither has forgetting.
    expect(second['ExperienceForgetting/eval_phase/test_stream/Task000/Exp001']).toBeUndefined();
    expect(second['StreamForgetting/eval_phase/test_stream']).toBeCloseTo(f0);
    expect(second['StreamBWT/eval_phase/test_stream']).toBeCloseTo(-f0);
    expect(f0).toBeGreaterThan(0); // class-incremental fine-tuning forgets

    await loop.train(train[2]);
    const third = await loop.eval(test);
    const f1 = acc(second, 1) - acc(third, 1);
    const f0b = acc(first, 0) - acc(third, 0);
    expect(third['ExperienceForgetting/eval_phase/test_stream/Task000/Exp001']).toBeCloseTo(f1);
    expect(third['StreamForgetting/eval_phase/test_stream']).toBeCloseTo((f0b + f1) / 2);
    loop.dispose();
    model.dispose();
  });

  it('validate options', () => {
    expect(() => forgettingMetrics({ epoch: true } as never)).toThrow(/epoch/);
    expect(bwtMetrics({ stream: true }).map((m) => m.name)).toEqual(['StreamBWT']);
  });
});
