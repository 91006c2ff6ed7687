import * as tf from '@tensorflow/tfjs';
import { LeNet5 } from './lenet5.js';
import { batch, canTrainConvs, expectTrainsAndEvaluatesWithoutLeaks, exportRoundTrip, maxAbsDiff, useBackend } from './model-checks.test-helper.js';

describe('LeNet5', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameter count and names of the PyTorch definition', () => {
    const m = new LeNet5({ nClasses: 10, inputChannels: 1 });
    // scripts/torch-param-counts.py: LeNet5(n_classes=10, input_channels=1) -> 61706
    expect(m.parameterCount()).toBe(61706);
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'feature_extractor.0.weight', 'feature_extractor.0.bias', 'feature_extractor.3.weight', 'feature_extractor.3.bias',
      'feature_extractor.6.weight', 'feature_extractor.6.bias', 'classifier.0.weight', 'classifier.0.bias', 'classifier.2.weight', 'classifier.2.bias',
    ]);
    m.dispose();
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`trains a step and evaluates without leaks on ${backend}`, async () => {
      await useBackend(backend);
      if (!canTrainConvs()) {
        console.warn(`skipped: the ${backend} backend has no Conv2DBackpropFilter kernel yet`);
        return;
      }
      const m = new LeNet5({ nClasses: 10, inputChannels: 1 });
      const { x, y } = batch([2, 32, 32, 1], 10);
      await expectTrainsAndEvaluatesWithoutLeaks(m, x, y);
      tf.dispose([x, y]);
      m.dispose();
    });
  }

  it('exports to a plain tf.layers model with the same predictions', async () => {
    await useBackend('wasm');
    const m = new LeNet5({ nClasses: 10, inputChannels: 1, seed: 1 });
    const { x } = batch([3, 32, 32, 1], 10);
    const [expected, actual] = await exportRoundTrip(m, x);
    expect(maxAbsDiff(expected, actual)).toBeLessThan(1e-5);
    x.dispose();
    m.dispose();
  });
});
