import * as tf from '@tensorflow/tfjs';
import { Rng, ValidationError } from '@avalanche-ts/core';
import { FeCAMClassifier } from './fecam-classifier.js';
import { useBackend } from './model-checks.test-helper.js';
import { forwardContext } from './module.js';

const ctx = forwardContext(new Rng(0));
const identity = (d: number) => Float32Array.from({ length: d * d }, (_, k) => (Math.floor(k / d) === k % d ? 1 : 0));

describe('FeCAMClassifier', () => {
  beforeAll(() => useBackend('wasm'));

  it('with identity covariances and no Tukey transform is minus the squared distance of normalised vectors', () => {
    const fecam = new FeCAMClassifier({ tukey: false });
    fecam.replaceStatistics(new Map([[0, [1, 0]], [1, [0, 2]]]), new Map([[0, identity(2)], [1, identity(2)]]));
    expect(fecam.numClasses).toBe(2);
    const out = tf.tidy(() => fecam.call(tf.tensor2d([[3, 0]]), ctx).arraySync()) as number[][];
    expect(out[0][0]).toBeCloseTo(0, 5);
    expect(out[0][1]).toBeCloseTo(-2, 5);
    fecam.dispose();
  });

  it('weighs directions by the inverse covariance (Mahalanobis distance)', () => {
    const fecam = new FeCAMClassifier({ tukey: false });
    // Class 0 varies a lot along the second axis: a point off its mean along that axis stays close.
    fecam.replaceStatistics(new Map([[0, [1, 0]]]), new Map([[0, Float32Array.from([1, 0, 0, 100])]]));
    const out = tf.tidy(() => fecam.call(tf.tensor2d([[1, 1]]), ctx).arraySync()) as number[][];
    const dx = [Math.SQRT1_2 - 1, Math.SQRT1_2];
    expect(out[0][0]).toBeCloseTo(-(dx[0] ** 2 + dx[1] ** 2 / 100), 5);
    fecam.dispose();
  });

  it('applies Tukey powers to features and shrinks then normalises covariances', () => {
    const fecam = new FeCAMClassifier();
    expect(Array.from(fecam.applyTransforms([4, 9]))).toEqual([2, 3]);
    const covs = fecam.applyCovTransforms(new Map([[0, [2, 1, 1, 4]]]), 2).get(0)!;
    // Correlation matrix: unit diagonal, symmetric.
    expect(covs[0]).toBeCloseTo(1, 10);
    expect(covs[3]).toBeCloseTo(1, 10);
    expect(covs[1]).toBeCloseTo(covs[2], 10);
    // Two shrinkages: diag mean 3, off mean 1 → [[5,2],[2,7]]; diag mean 6, off mean 2 → [[11,4],[4,13]].
    expect(covs[1]).toBeCloseTo(4 / Math.sqrt(11 * 13), 6);
  });

  it('updates statistics with momentum and round-trips them through a state dict', () => {
    const fecam = new FeCAMClassifier({ tukey: false });
    fecam.updateStatistics(new Map([[1, [1, 1]]]), new Map([[1, identity(2)]]));
    fecam.updateStatistics(new Map([[1, [3, 3]]]), new Map([[1, identity(2)]]), 0.5);
    expect(Array.from(fecam.currentMeans().get(1)!)).toEqual([2, 2]);
    expect([...fecam.currentMeans().keys()]).toEqual([1]);
    const copy = new FeCAMClassifier({ tukey: false });
    copy.loadStateDict(fecam.stateDict());
    const x = tf.tensor2d([[1, 3]]);
    expect(tf.tidy(() => copy.call(x, ctx).arraySync())).toEqual(tf.tidy(() => fecam.call(x, ctx).arraySync()));
    x.dispose();
    expect(() => fecam.updateStatistics(new Map([[1, [1, 1]]]), new Map(), 2)).toThrow(/momentum/);
    fecam.dispose();
    copy.dispose();
  });

  it('validates its options and refuses to classify before statistics exist', () => {
    expect(() => new FeCAMClassifier({ tukey1: 'x' as never })).toThrow(ValidationError);
    expect(() => new FeCAMClassifier({ tukey1: 'x' as never })).toThrow(/tukey1/);
    expect(() => new FeCAMClassifier().call(tf.zeros([1, 2]), ctx)).toThrow(/no class statistics/);
  });
});
