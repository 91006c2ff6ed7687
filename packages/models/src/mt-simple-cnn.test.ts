import * as tf from '@tensorflow/tfjs';
import { batch, canTrainConvs, expectTrainsAndEvaluatesWithoutLeaks, exportRoundTrip, fakeExperience, maxAbsDiff, useBackend } from './model-checks.test-helper.js';
import { MTSimpleCNN } from './mt-simple-cnn.js';

describe('MTSimpleCNN', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameter count of the PyTorch definition', () => {
    const m = new MTSimpleCNN();
    // scripts/torch-param-counts.py: MTSimpleCNN() -> 69858
    expect(m.parameterCount()).toBe(69858);
    m.dispose();
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`trains on a mixed-task batch and evaluates without leaks on ${backend}`, async () => {
      await useBackend(backend);
      if (!canTrainConvs()) {
        console.warn(`skipped: the ${backend} backend has no Conv2DBackpropFilter kernel yet`);
        return;
      }
      const m = new MTSimpleCNN({ inputSize: 12 });
      m.adapt(fakeExperience([0, 1], [0]));
      m.adapt(fakeExperience([0, 1], [1], 1));
      const { x, y } = batch([2, 12, 12, 3], 2);
      const t = tf.tensor1d([1, 0], 'int32');
      await expectTrainsAndEvaluatesWithoutLeaks(m, x, y, t);
      tf.dispose([x, y, t]);
      m.dispose();
    });
  }

  it('exports a task head with identical predictions', async () => {
    await useBackend('wasm');
    const m = new MTSimpleCNN({ seed: 3 });
    m.adapt(fakeExperience([0, 1], [0]));
    const { x } = batch([2, 32, 32, 3], 2);
    const t = tf.tensor1d([0, 0], 'int32');
    const [expected, actual] = await exportRoundTrip(m, x, { taskLabel: 0, taskLabels: t });
    expect(maxAbsDiff(expected, actual)).toBeLessThan(1e-5);
    tf.dispose([x, t]);
    m.dispose();
  });
});
