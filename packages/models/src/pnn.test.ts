import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import { batch, exportRoundTrip, fakeExperience, leaksOfStepAndEval, maxAbsDiff, sgdStep, useBackend } from './model-checks.test-helper.js';
import { PNN } from './pnn.js';

describe('PNN', () => {
  beforeAll(() => useBackend('wasm'));

  it("has Avalanche's defaults and parameter names", () => {
    const m = new PNN();
    // Linear(784, 100) + MultiHeadClassifier(100) with a 2-unit head.
    expect(m.parameterCount()).toBe(784 * 100 + 100 + 100 * 2 + 2);
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'layers.0.columns.0.itoh.weight', 'layers.0.columns.0.itoh.bias',
      'classifier.classifiers.0.classifier.weight', 'classifier.classifiers.0.classifier.bias',
    ]);
    expect(() => new PNN({ adapter: 'conv' as 'mlp' })).toThrow(ValidationError);
    m.dispose();
  });

  for (const adapter of ['mlp', 'linear'] as const) {
    it(`adds a column per new task (${adapter} adapter), freezes the old ones and keeps old-task outputs identical`, () => {
      const m = new PNN({ numLayers: 2, inFeatures: 10, hiddenFeaturesPerColumn: 6, adapter, seed: 1 });
      expect(m.adapt(fakeExperience([0, 1], [0]))).toBe(false);
      const x = tf.randomUniform([4, 10], 0, 1, 'float32', 2);
      const t0 = tf.tensor1d([0, 0, 0, 0], 'int32');
      m.setTraining(false);
      const before = m.forward(x, { taskLabels: t0 });
      m.setTraining(true);
      expect(m.adapt(fakeExperience([0, 1], [3], 1))).toBe(true);
      expect(m.numColumns).toBe(2);
      expect(m.columnTasks()).toEqual([0, 3]);
      const frozen = m.namedParameters().filter(([, v]) => !v.trainable).map(([n]) => n);
      expect(frozen.every((n) => n.includes('.columns.0.'))).toBe(true);
      expect(frozen).toHaveLength(4);
      const names = m.namedParameters().map(([n]) => n);
      expect(names).toContain(adapter === 'mlp' ? 'layers.1.columns.1.adapter.V.weight' : 'layers.1.columns.1.adapter.lat_layers.0.weight');
      if (adapter === 'mlp') expect(names).toContain('layers.0.columns.1.alphas');
      // Training task 3 cannot change task 0's outputs.
      const t3 = tf.tensor1d([3, 3, 3, 3], 'int32');
      const y = tf.tensor1d([0, 1, 0, 1], 'int32');
      for (let i = 0; i < 3; i++) sgdStep(m, x, y, { taskLabels: t3 });
      m.setTraining(false);
      const after = m.forward(x, { taskLabels: t0 });
      expect(maxAbsDiff(before.dataSync(), after.dataSync())).toBe(0);
      // A mixed batch routes each sample to its task's column and head.
      const mixed = m.forward(x, { taskLabels: tf.tensor1d([0, 3, 0, 3], 'int32') });
      const own3 = m.forward(x, { taskLabels: t3 });
      expect((mixed.arraySync() as number[][])[1]).toEqual((own3.arraySync() as number[][])[1]);
      expect((mixed.arraySync() as number[][])[0]).toEqual((after.arraySync() as number[][])[0]);
      tf.dispose([x, t0, t3, y, before, after, mixed, own3]);
      m.dispose();
    });
  }

  it('trains without leaks and rejects multi-task experiences', async () => {
    const m = new PNN({ inFeatures: 12, hiddenFeaturesPerColumn: 5, seed: 2 });
    m.adapt(fakeExperience([0, 1], [0]));
    m.adapt(fakeExperience([0, 1], [1], 1));
    const { x, y } = batch([4, 12], 2);
    const t = tf.tensor1d([1, 1, 0, 1], 'int32');
    expect(await leaksOfStepAndEval(m, x, y, t)).toEqual([0, 0]);
    expect(() => m.adapt(fakeExperience([0, 1], [0, 1], 2))).toThrow(/one task label/);
    tf.dispose([x, y, t]);
    m.dispose();
  });

  it('round-trips a grown model through its state dict, with columns rebuilt and the old ones frozen', () => {
    const m = new PNN({ inFeatures: 6, hiddenFeaturesPerColumn: 4, seed: 3 });
    m.adapt(fakeExperience([0, 1], [0]));
    m.adapt(fakeExperience([0, 1], [1], 1));
    m.adapt(fakeExperience([0, 1], [2], 2));
    const fresh = new PNN({ inFeatures: 6, hiddenFeaturesPerColumn: 4, seed: 9 });
    fresh.loadStateDict(m.stateDict());
    expect(fresh.columnTasks()).toEqual([0, 1, 2]);
    expect(fresh.namedParameters().filter(([, v]) => !v.trainable).every(([n]) => !n.includes('columns.2.'))).toBe(true);
    const x = tf.randomUniform([3, 6], 0, 1, 'float32', 4);
    const t = tf.tensor1d([2, 1, 0], 'int32');
    m.setTraining(false);
    fresh.setTraining(false);
    const [a, b] = [m.forward(x, { taskLabels: t }), fresh.forward(x, { taskLabels: t })];
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);
    tf.dispose([x, t, a, b]);
    m.dispose();
    fresh.dispose();
  });

  it('exports one task (columns 0..col(t) with their adapters) to a plain tf.layers model', async () => {
    const m = new PNN({ numLayers: 2, inFeatures: 8, hiddenFeaturesPerColumn: 5, seed: 4 });
    m.adapt(fakeExperience([0, 1], [0]));
    m.adapt(fakeExperience([0, 1, 2], [1], 1));
    const { x } = batch([3, 8], 2);
    const t = tf.tensor1d([1, 1, 1], 'int32');
    const [expected, actual] = await exportRoundTrip(m, x, { taskLabel: 1, taskLabels: t });
    expect(maxAbsDiff(expected, actual)).toBeLessThan(1e-5);
    tf.dispose([x, t]);
    m.dispose();
  });
});
