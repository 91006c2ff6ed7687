import { initBackend } from '@avalanche-ts/core';
import { accuracyMatrixMetrics } from './accuracy-matrix-metrics.js';
import { accuracyMetrics } from './accuracy-metrics.js';
import { evaluationPlugin } from './evaluation-plugin.js';
import { fixture, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

describe('accuracyMatrixMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('fills row i (i-th train call) with the accuracy on each experience', async () => {
    const { model, train, test } = fixture();
    const evaluator = evaluationPlugin({ metrics: [accuracyMatrixMetrics(), accuracyMetrics({ experience: true })] });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8 });
    // An evaluation before any training has no row.
    const init = await loop.eval(test);
    expect(init['EvalStream/Acc_Matrix']).toEqual([]);
    const rows: number[][] = [];
    for (let i = 0; i < 2; i++) {
      await loop.train(train[i]);
      const r = await loop.eval(test);
      rows.push([0, 1, 2].map((e) => r[`Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp00${e}`] as number));
    }
    const matrix = evaluator.getLastMetrics()['EvalStream/Acc_Matrix'] as number[][];
    expect(matrix).toHaveLength(3); // square: 3 evaluated experiences
    expect(matrix[0]).toEqual(rows[0]);
    expect(matrix[1]).toEqual(rows[1]);
    expect(matrix[2]).toEqual([0, 0, 0]);
    loop.dispose();
    model.dispose();
  });
});
