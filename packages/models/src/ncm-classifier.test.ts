import * as tf from '@tensorflow/tfjs';
import { Rng, ValidationError } from '@avalanche-ts/core';
import { useBackend } from './model-checks.test-helper.js';
import { forwardContext } from './module.js';
import { NCMClassifier } from './ncm-classifier.js';

const ctx = forwardContext(new Rng(0));

describe('NCMClassifier', () => {
  beforeAll(() => useBackend('wasm'));

  it('returns minus the euclidean distance to each class mean (inputs L2-normalised)', () => {
    const ncm = new NCMClassifier();
    expect(ncm.parameterCount()).toBe(0);
    ncm.replaceClassMeans(new Map([[0, [1, 0]], [2, [0, 1]]]));
    expect(ncm.numClasses).toBe(3);
    const out = ncm.call(tf.tensor2d([[3, 0], [0, 0.5]]), ctx).arraySync() as number[][];
    // x1 -> (1, 0): distances 0, 1 (zero mean of class 1), sqrt(2); x2 -> (0, 1).
    expect(out[0][0]).toBeCloseTo(0, 3);
    expect(out[0][1]).toBeCloseTo(-1, 5);
    expect(out[0][2]).toBeCloseTo(-Math.SQRT2, 5);
    expect(out[1][2]).toBeCloseTo(0, 3);
    ncm.dispose();
  });

  it('without normalisation uses the raw inputs', () => {
    const ncm = new NCMClassifier({ normalize: false });
    ncm.replaceClassMeans(new Map([[0, [0, 0]], [1, [3, 4]]]));
    const out = ncm.call(tf.tensor2d([[0, 0]]), ctx).arraySync() as number[][];
    expect(out[0][1]).toBeCloseTo(-5, 4);
    ncm.dispose();
  });

  it('updates means with momentum and loads a saved state into an empty classifier', () => {
    const ncm = new NCMClassifier();
    ncm.updateClassMeans(new Map([[1, [2, 2]]]));
    ncm.updateClassMeans(new Map([[1, [4, 0]]]), 0.5);
    expect(Array.from(ncm.currentMeans().get(1)!)).toEqual([3, 1]);
    const other = new NCMClassifier();
    other.loadStateDict(ncm.stateDict());
    expect(Array.from(other.currentMeans().get(1)!)).toEqual([3, 1]);
    ncm.dispose();
    other.dispose();
  });

  it('throws before any mean is set and on means of different sizes', () => {
    const ncm = new NCMClassifier();
    const x = tf.ones([1, 2]);
    expect(() => ncm.call(x, ctx)).toThrow(ValidationError);
    expect(() => ncm.replaceClassMeans(new Map([[0, [1]], [1, [1, 2]]]))).toThrow(/class 1/);
    x.dispose();
    ncm.dispose();
  });
});
