import { initBackend } from '@avalanche-ts/core';
import { accuracyMetrics } from './accuracy-metrics.js';
import { evaluationPlugin } from './evaluation-plugin.js';
import { forwardTransferMetrics } from './forward-transfer-metrics.js';
import { fixture, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

describe('forwardTransferMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('compares the accuracy after the previous experience with the accuracy at initialisation', async () => {
    const { model, train, test } = fixture(3);
    const evaluator = evaluationPlugin({ metrics: [accuracyMetrics({ experience: true }), forwardTransferMetrics({ experience: true, stream: true })] });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8 });
    const acc = (r: Record<string, unknown>, e: number) => r[`Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp00${e}`] as number;

    const init = await loop.eval(test);
    expect(init['StreamForwardTransfer/eval_phase/test_stream']).toBe(0);
    expect(Object.keys(init).some((k) => k.startsWith('ExperienceForwardTransfer'))).toBe(false);

    await loop.train(train[0]);
    const after0 = await loop.eval(test);
    const fwt1 = acc(after0, 1) - acc(init, 1);
    expect(after0['ExperienceForwardTransfer/eval_phase/test_stream/Task000/Exp001']).toBeCloseTo(fwt1);
    expect(after0['ExperienceForwardTransfer/eval_phase/test_stream/Task000/Exp002']).toBeUndefined();
    expect(after0['StreamForwardTransfer/eval_phase/test_stream']).toBeCloseTo(fwt1);

    await loop.train(train[1]);
    const after1 = await loop.eval(test);
    const fwt2 = acc(after1, 2) - acc(init, 2);
    expect(after1['ExperienceForwardTransfer/eval_phase/test_stream/Task000/Exp002']).toBeCloseTo(fwt2);
    // The stream value averages every experience with a recorded transfer (1 keeps its earlier value).
    expect(after1['StreamForwardTransfer/eval_phase/test_stream']).toBeCloseTo((fwt1 + fwt2) / 2);
    loop.dispose();
    model.dispose();
  });
});
