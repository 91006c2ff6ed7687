import * as tf from '@tensorflow/tfjs';
import { Rng, ValidationError } from '@avalanche-ts/core';
import { countTensorsAfter } from '@avalanche-ts/core/testing';
import { fakeExperience, useBackend } from './model-checks.test-helper.js';
import { forwardContext } from './module.js';
import { MultiHeadClassifier } from './multi-head-classifier.js';

const run = (mh: MultiHeadClassifier, x: tf.Tensor, tasks?: number[]) =>
  tf.tidy(() => {
    const t = tasks ? tf.tensor1d(tasks, 'int32') : undefined;
    return mh.call(x, forwardContext(new Rng(0), t as tf.Tensor1D | undefined)).arraySync() as number[][];
  });

describe('MultiHeadClassifier', () => {
  beforeAll(() => useBackend('wasm'));

  it('starts with head 0 and adds one head per new task label, keeping old heads identical', () => {
    const mh = new MultiHeadClassifier({ inFeatures: 5, seed: 2 });
    expect(mh.taskLabelsWithHead()).toEqual([0]);
    expect(mh.adaptModule(fakeExperience([0, 1], [0]))).toBe(false);
    const x = tf.randomNormal([4, 5], 0, 1, 'float32', 3);
    const task0 = run(mh, x, [0, 0, 0, 0]);
    expect(mh.adaptModule(fakeExperience([2, 3], [1], 1))).toBe(true);
    expect(mh.taskLabelsWithHead()).toEqual([0, 1]);
    // Parameters first, then buffers (Avalanche's names).
    expect(Object.keys(mh.stateDict())).toEqual([
      'classifiers.0.classifier.weight', 'classifiers.0.classifier.bias', 'classifiers.1.classifier.weight', 'classifiers.1.classifier.bias',
      'active_units_T0', 'active_units_T1', 'classifiers.0.active_units', 'classifiers.1.active_units',
    ]);
    const again = run(mh, x, [0, 0, 0, 0]);
    // Same logits for task 0's units; the extra columns (the width grew to 4 classes) are masked.
    for (let i = 0; i < 4; i++) {
      expect(again[i].slice(0, 2)).toEqual(task0[i].slice(0, 2));
      expect(again[i].slice(2)).toEqual([-1000, -1000]);
    }
    x.dispose();
    mh.dispose();
  });

  it('routes each sample of a mixed batch to its task head', () => {
    const mh = new MultiHeadClassifier({ inFeatures: 3, masking: false, seed: 4 });
    mh.adaptModule(fakeExperience([0, 1], [0]));
    mh.adaptModule(fakeExperience([0, 1, 2], [1], 1));
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 5);
    const mixed = run(mh, x, [1, 0, 1, 1, 0]);
    const all0 = run(mh, x, [0, 0, 0, 0, 0]);
    const all1 = run(mh, x, [1, 1, 1, 1, 1]);
    [1, 0, 1, 1, 0].forEach((t, i) => {
      const want = t === 0 ? all0[i] : all1[i];
      for (let j = 0; j < 3; j++) expect(mixed[i][j]).toBeCloseTo(want[j], 5);
    });
    // Head 0 has 2 units; without masking its padding column is 0 (as Avalanche).
    expect(all0[0][2]).toBe(0);
    x.dispose();
    mh.dispose();
  });

  it('names the unknown task label, and needs task labels once it has several heads', () => {
    const mh = new MultiHeadClassifier({ inFeatures: 3 });
    const x = tf.ones([1, 3]);
    expect(() => run(mh, x, [7])).toThrow(/no head for task label 7/);
    expect(() => run(mh, x)).not.toThrow();
    mh.adaptModule(fakeExperience([0], [1]));
    expect(() => run(mh, x)).toThrow(ValidationError);
    expect(() => mh.adaptModule(fakeExperience([0], [0, 1]))).toThrow(/masking/);
    x.dispose();
    mh.dispose();
  });

  it('has a gradient for every head used by a mixed batch and leaks nothing', async () => {
    const mh = new MultiHeadClassifier({ inFeatures: 3, seed: 1 });
    mh.adaptModule(fakeExperience([0, 1], [0]));
    mh.adaptModule(fakeExperience([0, 1], [1], 1));
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 5);
    const t = tf.tensor1d([0, 1, 0, 1], 'int32');
    const leaked = await countTensorsAfter(() => {
      const params = mh.namedParameters().map(([, v]) => v);
      const { value, grads } = tf.variableGrads(() => tf.sum(mh.call(x, forwardContext(new Rng(0), t))) as tf.Scalar, params);
      const norms = params.map((p) => tf.tidy(() => tf.sum(tf.abs(grads[p.name])).dataSync()[0]));
      expect(norms.every((n) => n > 0)).toBe(true);
      tf.dispose([value, ...Object.values(grads)]);
    });
    expect(leaked).toBe(0);
    tf.dispose([x, t]);
    mh.dispose();
  });

  it('a state with more heads loads into a fresh classifier', () => {
    const mh = new MultiHeadClassifier({ inFeatures: 3, seed: 1 });
    mh.adaptModule(fakeExperience([0, 1], [0]));
    mh.adaptModule(fakeExperience([2, 3], [2], 1));
    const fresh = new MultiHeadClassifier({ inFeatures: 3, seed: 8 });
    fresh.loadStateDict(mh.stateDict());
    const x = tf.ones([2, 3]);
    expect(run(fresh, x, [2, 0])).toEqual(run(mh, x, [2, 0]));
    x.dispose();
    mh.dispose();
    fresh.dispose();
  });
});
