import { initBackend } from '@avalanche-ts/core';
import { evaluationPlugin } from './evaluation-plugin.js';
import { labelsRepartitionMetrics } from './labels-repartition-metrics.js';
import { fixture, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

describe('labelsRepartitionMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('counts the labels seen per epoch in training and per stream in evaluation', async () => {
    const { model, train, test } = fixture();
    const evaluator = evaluationPlugin({ metrics: labelsRepartitionMetrics({ onEval: true }) });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8, trainEpochs: 2 });
    const r = await loop.train(train[1]);
    expect(r['Repartition/train_phase/train_stream/Task_000']).toEqual({ '2': 12, '3': 12 });
    expect(evaluator.getAllMetrics()['Repartition/train_phase/train_stream/Task_000'].values).toHaveLength(2);
    const e = await loop.eval(test);
    expect(e['Repartition/eval_phase/test_stream/Task_000']).toEqual({ '0': 5, '1': 5, '2': 5, '3': 5, '4': 5, '5': 5 });
    loop.dispose();
    model.dispose();
  });

  it('counts only the first epoch when emitting per experience', async () => {
    const { model, train } = fixture();
    const evaluator = evaluationPlugin({ metrics: labelsRepartitionMetrics({ emitTrainAt: 'experience' }) });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8, trainEpochs: 3 });
    const r = await loop.train(train[0]);
    expect(r['Repartition/train_phase/train_stream/Task_000']).toEqual({ '0': 12, '1': 12 });
    expect(() => labelsRepartitionMetrics({ emitEvalAt: 'epoch' } as never)).toThrow(/emitEvalAt/);
    loop.dispose();
    model.dispose();
  });
});
