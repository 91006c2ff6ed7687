import * as tf from '@tensorflow/tfjs';
import { asMultitask } from './as-multitask.js';
import { batch, canTrainConvs, exportRoundTrip, leaksOfStepAndEval, maxAbsDiff, sgdStep, useBackend } from './model-checks.test-helper.js';
import { SimpleCNN } from './simple-cnn.js';

describe('SimpleCNN', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameter count of the PyTorch definition', () => {
    const m = new SimpleCNN();
    // scripts/torch-param-counts.py: SimpleCNN(num_classes=10) -> 70378
    expect(m.parameterCount()).toBe(70378);
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'features.0.weight', 'features.0.bias', 'features.2.weight', 'features.2.bias', 'features.6.weight', 'features.6.bias',
      'features.8.weight', 'features.8.bias', 'features.12.weight', 'features.12.bias', 'classifier.0.weight', 'classifier.0.bias',
    ]);
    m.dispose();
  });

  it('maps [n, 32, 32, 3] to 64 features and 10 logits', () => {
    const m = new SimpleCNN();
    m.setTraining(false);
    const x = tf.zeros([2, 32, 32, 3]);
    const f = m.getFeatures(x);
    const y = m.forward(x);
    expect(f.shape).toEqual([2, 64]);
    expect(y.shape).toEqual([2, 10]);
    tf.dispose([x, f, y]);
    m.dispose();
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`trains a step and evaluates without leaks on ${backend}`, async () => {
      await useBackend(backend);
      if (!canTrainConvs()) {
        console.warn(`skipped: the ${backend} backend has no Conv2DBackpropFilter kernel yet (core's wasm patches add it)`);
        return;
      }
      const m = new SimpleCNN({ inputSize: 16 });
      const { x, y } = batch([2, 16, 16, 3], 10);
      const first = sgdStep(m, x, y, { lr: 0.05 });
      for (let i = 0; i < 3; i++) sgdStep(m, x, y, { lr: 0.05 });
      expect(sgdStep(m, x, y, { lr: 0.05 })).toBeLessThan(first);
      expect(await leaksOfStepAndEval(m, x, y)).toEqual([0, 0]);
      tf.dispose([x, y]);
      m.dispose();
    });
  }

  it('exports to a plain tf.layers model with the same predictions', async () => {
    await useBackend('wasm');
    const m = new SimpleCNN({ seed: 4 });
    const { x } = batch([2, 32, 32, 3], 10);
    const [expected, actual] = await exportRoundTrip(m, x);
    expect(maxAbsDiff(expected, actual)).toBeLessThan(1e-5);
    x.dispose();
    m.dispose();
  });

  it('becomes multi-task with asMultitask (its head is Sequential(Linear))', () => {
    const m = asMultitask(new SimpleCNN());
    expect(m.namedParameters().map(([n]) => n)).toContain('classifier.classifiers.0.classifier.weight');
    m.dispose();
  });
});
