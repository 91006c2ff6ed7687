import * as tf from '@tensorflow/tfjs';
import { Rng, ValidationError } from '@avalanche-ts/core';
import { countTensorsAfter } from '@avalanche-ts/core/testing';
import { BatchNorm2d } from './batch-norm-2d.js';
import { BatchRenorm2D } from './batch-renorm-2d.js';
import { MobileNetV1 } from './mobilenet-v1.js';
import { batch, canTrainConvs, exportRoundTrip, maxAbsDiff, sgdStep, useBackend } from './model-checks.test-helper.js';
import { forwardContext } from './module.js';
import { batchRenormLayers, changeBrnPars, replaceBnWithBrn } from './replace-bn-with-brn.js';

const ctx = forwardContext(new Rng(0));
const values = (t: tf.Tensor) => Array.from(t.dataSync()).map((v) => Number(v.toFixed(4)));

describe('BatchRenorm2D', () => {
  beforeAll(() => useBackend('wasm'));

  it('starts as batch norm (r_max 1, d_max 0), updates mean and std with momentum 0.01 and grows r_max, d_max per sample', () => {
    const brn = new BatchRenorm2D(1);
    const x = tf.tensor4d([1, 2, 3, 6], [2, 1, 2, 1]); // mean 3, biased var 3.5
    const sd = Math.sqrt(3.5 + 1e-5);
    expect(values(brn.call(x, ctx))).toEqual([1, 2, 3, 6].map((v) => Number(((v - 3) / sd).toFixed(4))));
    const s = brn.stateDict();
    expect(s.running_avg_mean.dataSync()[0]).toBeCloseTo(0.03, 6);
    expect(s.running_avg_std.dataSync()[0]).toBeCloseTo(1 + 0.01 * (sd - 1), 6);
    // Two samples: + 2e-4 each.
    expect(brn.limits.rMax).toBeCloseTo(1.0002, 6);
    expect(brn.limits.dMax).toBeCloseTo(0.0002, 6);
    expect(brn.namedParameters().map(([n]) => n)).toEqual(['gamma', 'beta']);
    x.dispose();
    brn.dispose();
  });

  it('applies the clipped r and d of the running statistics in training mode', () => {
    const brn = new BatchRenorm2D(1, { rMax: 3, dMax: 5, momentum: 0 });
    // Running mean 0 and std 1; the batch has mean 3 and σ_B = √(3.5 + eps), so r = σ_B and d = 3:
    // y = (x − 3)·r/σ_B + d = x. With r_max 1.5, r clips to 1.5 and d stays 3.
    const x = tf.tensor4d([1, 2, 3, 6], [2, 1, 2, 1]);
    expect(values(brn.call(x, ctx))).toEqual([1, 2, 3, 6]);
    brn.setRenormParameters({ rMax: 1.5, dMax: 5 });
    const sd = Math.sqrt(3.5 + 1e-5);
    expect(values(brn.call(x, ctx))).toEqual([1, 2, 3, 6].map((v) => Number((((v - 3) * 1.5) / sd + 3).toFixed(4))));
    x.dispose();
    brn.dispose();
  });

  it('passes no gradient through r and d (the gradient of Σ y is zero for the input, as batch norm)', () => {
    const brn = new BatchRenorm2D(1, { rMax: 3, dMax: 5 });
    const x = tf.tensor4d([1, 2, 3, 6], [2, 1, 2, 1]);
    const g = tf.grad((input: tf.Tensor) => tf.sum(brn.call(input, ctx)))(x);
    expect(Math.max(...Array.from(g.dataSync()).map(Math.abs))).toBeLessThan(1e-4);
    tf.dispose([x, g]);
    brn.dispose();
  });

  it('uses the running statistics in eval mode and converts a batch-norm layer', () => {
    const bn = new BatchNorm2d(2, { eps: 1e-3 });
    const state = bn.stateDict();
    tf.tidy(() => {
      (state.running_mean as tf.Variable).assign(tf.tensor1d([1, -1]));
      (state.running_var as tf.Variable).assign(tf.tensor1d([4, 9]));
      (state.weight as tf.Variable).assign(tf.tensor1d([2, 3]));
    });
    const brn = BatchRenorm2D.fromBatchNorm(bn);
    expect(brn.eps).toBe(1e-3);
    brn.setTraining(false);
    const x = tf.tensor4d([3, 2], [1, 1, 1, 2]);
    expect(values(brn.call(x, ctx))).toEqual([(2 * (3 - 1)) / 2, (3 * (2 + 1)) / 3]);
    tf.dispose(x);
    bn.dispose();
    brn.dispose();
  });

  it('validates its options', () => {
    expect(() => new BatchRenorm2D(2, { momentum: 2 })).toThrow(ValidationError);
    expect(() => new BatchRenorm2D(2, { rMax: 0.5 })).toThrow(/rMax/);
  });

  it('replaces the batch norms of a MobileNetV1, which then trains without leaks and exports', async () => {
    const m = new MobileNetV1({ numClasses: 3, inputSize: 32, widthScale: 0.25, seed: 1 });
    const nBn = m.namedParameters().filter(([n]) => n.endsWith('.bn.weight')).length;
    expect(replaceBnWithBrn(m, { momentum: 0.01, rDMaxIncStep: 4.1e-5, maxRMax: 1.25, maxDMax: 0.5 })).toBe(nBn);
    expect(batchRenormLayers(m)).toHaveLength(nBn);
    expect(m.namedParameters().filter(([n]) => n.endsWith('.bn.gamma'))).toHaveLength(nBn);
    changeBrnPars(m, { rMax: 1.25, dMax: 0.5 });
    expect(batchRenormLayers(m)[0].limits.rMax).toBeCloseTo(1.25, 6);
    const { x, y } = batch([2, 32, 32, 3], 3);
    if (canTrainConvs(true)) {
      m.setTraining(true);
      expect(Number.isFinite(sgdStep(m, x, y))).toBe(true);
      expect(await countTensorsAfter(() => sgdStep(m, x, y))).toBe(0);
    }
    const [expected, actual] = await exportRoundTrip(m, x);
    expect(maxAbsDiff(expected, actual)).toBeLessThan(1e-3);
    tf.dispose([x, y]);
    m.dispose();
  });
});
