import * as tf from '@tensorflow/tfjs';
import { MLP } from './mlp.js';
import { batch, expectTrainsAndEvaluatesWithoutLeaks, exportRoundTrip, maxAbsDiff, useBackend } from './model-checks.test-helper.js';

describe('MLP', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameter count of the equivalent PyTorch MLP', () => {
    const m = new MLP({ inputSize: 784, hiddenSizes: [256, 128], numClasses: 10 });
    // scripts/torch-param-counts.py: MLP(784, [256, 128], 10) -> 235146
    expect(m.parameterCount()).toBe(235146);
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'features.0.weight', 'features.0.bias', 'features.2.weight', 'features.2.bias', 'classifier.weight', 'classifier.bias',
    ]);
    m.dispose();
    const withDropout = new MLP({ inputSize: 4, hiddenSizes: [3, 3], numClasses: 2, dropRate: 0.2, activation: 'tanh' });
    expect(withDropout.namedParameters().map(([n]) => n)).toContain('features.3.weight');
    withDropout.dispose();
  });

  it('uses tanh when asked', () => {
    const m = new MLP({ inputSize: 3, hiddenSizes: [5], numClasses: 2, activation: 'tanh' });
    const f = m.getFeatures(tf.fill([1, 3], 100));
    expect(Math.max(...Array.from(f.dataSync()).map(Math.abs))).toBeLessThanOrEqual(1);
    f.dispose();
    m.dispose();
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`trains a step and evaluates without leaks on ${backend}`, async () => {
      await useBackend(backend);
      const m = new MLP({ inputSize: 16, hiddenSizes: [8, 8], numClasses: 3, dropRate: 0.3, activation: 'tanh' });
      const { x, y } = batch([4, 4, 4, 1], 3);
      await expectTrainsAndEvaluatesWithoutLeaks(m, x, y);
      tf.dispose([x, y]);
      m.dispose();
    });
  }

  it('exports with identical predictions', async () => {
    await useBackend('wasm');
    const m = new MLP({ inputSize: 16, hiddenSizes: [8], numClasses: 3, activation: 'tanh', dropRate: 0.5 });
    const { x } = batch([4, 16], 3);
    const [expected, actual] = await exportRoundTrip(m, x);
    expect(maxAbsDiff(expected, actual)).toBeLessThan(1e-6);
    x.dispose();
    m.dispose();
  });
});
