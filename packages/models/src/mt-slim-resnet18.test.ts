import * as tf from '@tensorflow/tfjs';
import { batch, canTrainConvs, expectTrainsAndEvaluatesWithoutLeaks, exportRoundTrip, fakeExperience, maxAbsDiff, useBackend } from './model-checks.test-helper.js';
import { MTSlimResNet18 } from './mt-slim-resnet18.js';

describe('MTSlimResNet18', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameter count of the PyTorch definition', () => {
    const m = new MTSlimResNet18({ nclasses: 10 });
    // scripts/torch-param-counts.py: MTSlimResNet18(nclasses=10, nf=20) -> 1094750
    expect(m.parameterCount()).toBe(1094750);
    expect(m.namedParameters().map(([n]) => n)).toContain('linear.classifiers.0.classifier.weight');
    m.dispose();
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`trains on two tasks and evaluates without leaks on ${backend}`, async () => {
      await useBackend(backend);
      if (!canTrainConvs()) {
        console.warn(`skipped: the ${backend} backend has no Conv2DBackpropFilter kernel yet`);
        return;
      }
      const m = new MTSlimResNet18({ nclasses: 2, nf: 4, inputSize: 8 });
      m.adapt(fakeExperience([0, 1], [0]));
      m.adapt(fakeExperience([0, 1], [1], 1));
      const { x, y } = batch([2, 8, 8, 3], 2);
      const t = tf.tensor1d([0, 1], 'int32');
      await expectTrainsAndEvaluatesWithoutLeaks(m, x, y, t);
      tf.dispose([x, y, t]);
      m.dispose();
    });
  }

  it('exports a task head with identical predictions', async () => {
    await useBackend('wasm');
    const m = new MTSlimResNet18({ nclasses: 3, nf: 4, seed: 1 });
    m.adapt(fakeExperience([0, 1, 2], [0]));
    m.adapt(fakeExperience([3, 4], [1], 1));
    const { x } = batch([2, 32, 32, 3], 3);
    const t = tf.tensor1d([1, 1], 'int32');
    const [expected, actual] = await exportRoundTrip(m, x, { taskLabel: 1, taskLabels: t });
    expect(maxAbsDiff(expected, actual)).toBeLessThan(1e-4);
    tf.dispose([x, t]);
    m.dispose();
  });
});
