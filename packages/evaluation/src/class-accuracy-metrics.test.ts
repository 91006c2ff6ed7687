import { initBackend } from '@avalanche-ts/core';
import { classAccuracyMetrics } from './class-accuracy-metrics.js';
import { evaluationPlugin } from './evaluation-plugin.js';
import { accuracyOf, fixture, predictionsOf, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

describe('classAccuracyMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('emits one value per class with the class id appended', async () => {
    const { model, train, test } = fixture();
    const evaluator = evaluationPlugin({ metrics: [classAccuracyMetrics({ epoch: true, experience: true, stream: true })] });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8 });
    const trained = await loop.train(train[0]);
    expect(Object.keys(trained).sort()).toEqual(['Top1_ClassAcc_Epoch/train_phase/train_stream/Task000/0', 'Top1_ClassAcc_Epoch/train_phase/train_stream/Task000/1']);
    const r = await loop.eval(test);
    const ref = predictionsOf(model, test);
    for (let c = 0; c < 6; c++) {
      const idx = ref.targets.map((t, i) => (t === c ? i : -1)).filter((i) => i >= 0);
      const acc = accuracyOf(idx.map((i) => ref.predicted[i]), idx.map((i) => ref.targets[i]));
      expect(r[`Top1_ClassAcc_Stream/eval_phase/test_stream/Task000/${c}`]).toBeCloseTo(acc);
      const exp = Math.floor(c / 2);
      expect(r[`Top1_ClassAcc_Exp/eval_phase/test_stream/Task000/Exp00${exp}/${c}`]).toBeCloseTo(acc);
    }
    loop.dispose();
    model.dispose();
  });

  it('tracks only the requested classes', async () => {
    const { model, test } = fixture();
    const evaluator = evaluationPlugin({ metrics: classAccuracyMetrics({ stream: true, classes: [4, 9] }) });
    const loop = new SimulatedLoop({ model, plugins: [evaluator] });
    const r = await loop.eval(test);
    expect(Object.keys(r).sort()).toEqual(['Top1_ClassAcc_Stream/eval_phase/test_stream/Task000/4', 'Top1_ClassAcc_Stream/eval_phase/test_stream/Task000/9']);
    expect(r['Top1_ClassAcc_Stream/eval_phase/test_stream/Task000/9']).toBe(0);
    expect(() => classAccuracyMetrics({ classes: 'all' } as never)).toThrow(/classes/);
    loop.dispose();
    model.dispose();
  });
});
