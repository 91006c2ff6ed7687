import { initBackend } from '@avalanche-ts/core';
import { confusionMatrixMetrics } from './confusion-matrix-metrics.js';
import { evaluationPlugin } from './evaluation-plugin.js';
import { fixture, predictionsOf, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

describe('confusionMatrixMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('emits the stream confusion matrix without a task part', async () => {
    expect(confusionMatrixMetrics()).toEqual([]);
    const { model, train, test } = fixture();
    const evaluator = evaluationPlugin({ metrics: confusionMatrixMetrics({ stream: true, nClasses: 6 }) });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8 });
    await loop.train(train[0]);
    const r = await loop.eval(test);
    const ref = predictionsOf(model, test);
    const expected = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
    ref.targets.forEach((t, i) => (expected[t][ref.predicted[i]] += 1));
    expect(r['ConfusionMatrix_Stream/eval_phase/test_stream']).toEqual(expected);
    // Reset at each stream: a second eval gives the same counts, not double.
    const again = await loop.eval(test);
    expect(again['ConfusionMatrix_Stream/eval_phase/test_stream']).toEqual(expected);
    expect(() => confusionMatrixMetrics({ stream: true, normalize: 'rows' } as never)).toThrow(/normalize/);
    loop.dispose();
    model.dispose();
  });
});
