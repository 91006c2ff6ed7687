import { initBackend } from '@avalanche-ts/core';
import { amcaMetrics } from './amca-metrics.js';
import { evaluationPlugin } from './evaluation-plugin.js';
import { accuracyOf, fixture, predictionsOf, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

function meanClassAccuracy(predicted: number[], targets: number[]): number {
  const classes = [...new Set(targets)];
  return (
    classes
      .map((c) => {
        const idx = targets.map((t, i) => (t === c ? i : -1)).filter((i) => i >= 0);
        return accuracyOf(idx.map((i) => predicted[i]), idx.map((i) => targets[i]));
      })
      .reduce((a, b) => a + b, 0) / classes.length
  );
}

describe('amcaMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('averages the mean class accuracy over evaluation phases, ignoring periodic evaluation', async () => {
    const { model, train, test } = fixture();
    const evaluator = evaluationPlugin({ metrics: amcaMetrics() });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8 });
    // Periodic evaluation inside train() is ignored (it would add a phase).
    await loop.train(train[0], { evalStreams: test });
    expect(evaluator.getLastMetrics()).toEqual({});
    const r1 = await loop.eval(test);
    const ref1 = predictionsOf(model, test);
    const mca1 = meanClassAccuracy(ref1.predicted, ref1.targets);
    expect(r1['Top1_AMCA_Stream/test_stream/Task000']).toBeCloseTo(mca1);
    await loop.train(train[1]);
    const r2 = await loop.eval(test);
    const ref2 = predictionsOf(model, test);
    expect(r2['Top1_AMCA_Stream/test_stream/Task000']).toBeCloseTo((mca1 + meanClassAccuracy(ref2.predicted, ref2.targets)) / 2);
    loop.dispose();
    model.dispose();
  });

  it('tracks only the named streams', async () => {
    const { model, train } = fixture();
    const evaluator = evaluationPlugin({ metrics: amcaMetrics({ streams: ['test'] }) });
    const loop = new SimulatedLoop({ model, plugins: [evaluator] });
    expect(await loop.eval(train)).toEqual({});
    loop.dispose();
    model.dispose();
  });
});
