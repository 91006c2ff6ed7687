import * as tf from '@tensorflow/tfjs';
import { batch, exportRoundTrip, fakeExperience, leaksOfStepAndEval, maxAbsDiff, sgdStep, useBackend } from './model-checks.test-helper.js';
import { MTSimpleMLP } from './mt-simple-mlp.js';

describe('MTSimpleMLP', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameter count and names of the PyTorch definition', () => {
    const m = new MTSimpleMLP();
    // scripts/torch-param-counts.py: MTSimpleMLP() -> 402946
    expect(m.parameterCount()).toBe(402946);
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'features.0.weight', 'features.0.bias', 'classifier.classifiers.0.classifier.weight', 'classifier.classifiers.0.classifier.bias',
    ]);
    expect(Object.keys(m.stateDict())).toContain('classifier.active_units_T0');
    m.dispose();
  });

  it('adapts through core AdaptiveModule: a new task adds a head, old task outputs stay identical', () => {
    const m = new MTSimpleMLP({ hiddenSize: 16, seed: 1 });
    expect(m.adapt(fakeExperience([0, 1], [0]))).toBe(false);
    m.setTraining(false);
    const x = tf.randomUniform([3, 784], 0, 1, 'float32', 2);
    const t0 = tf.tensor1d([0, 0, 0], 'int32');
    const before = m.forward(x, { taskLabels: t0 });
    m.setTraining(true);
    expect(m.adapt(fakeExperience([2, 3], [1], 1))).toBe(true);
    m.setTraining(false);
    const after = m.forward(x, { taskLabels: t0 });
    expect(after.shape).toEqual([3, 4]);
    const b = before.arraySync() as number[][];
    const a = after.arraySync() as number[][];
    for (let i = 0; i < 3; i++) expect(a[i].slice(0, 2)).toEqual(b[i].slice(0, 2));
    tf.dispose([x, t0, before, after]);
    m.dispose();
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`trains on a mixed-task batch and evaluates without leaks on ${backend}`, async () => {
      await useBackend(backend);
      const m = new MTSimpleMLP({ hiddenSize: 16, dropRate: 0 });
      m.adapt(fakeExperience([0, 1], [0]));
      m.adapt(fakeExperience([0, 1], [1], 1));
      const { x, y } = batch([6, 784], 2);
      const t = tf.tensor1d([0, 1, 0, 1, 1, 0], 'int32');
      const first = sgdStep(m, x, y, { taskLabels: t });
      for (let i = 0; i < 5; i++) sgdStep(m, x, y, { taskLabels: t });
      expect(sgdStep(m, x, y, { taskLabels: t })).toBeLessThan(first);
      expect(await leaksOfStepAndEval(m, x, y, t)).toEqual([0, 0]);
      tf.dispose([x, y, t]);
      m.dispose();
    });
  }

  it('exports one task head to a plain tf.layers model with identical predictions', async () => {
    await useBackend('wasm');
    const m = new MTSimpleMLP({ hiddenSize: 16, seed: 3 });
    m.adapt(fakeExperience([0, 1], [0]));
    m.adapt(fakeExperience([2, 3, 4], [1], 1));
    const { x } = batch([4, 784], 2);
    const t = tf.tensor1d([1, 1, 1, 1], 'int32');
    const [expected, actual] = await exportRoundTrip(m, x, { taskLabel: 1, taskLabels: t });
    expect(maxAbsDiff(expected, actual)).toBe(0);
    tf.dispose([x, t]);
    m.dispose();
  });
});
