import * as tf from '@tensorflow/tfjs';
import { Rng } from '@avalanche-ts/core';
import { BatchNorm2d } from './batch-norm-2d.js';
import { useBackend } from './model-checks.test-helper.js';
import { forwardContext } from './module.js';

const ctx = forwardContext(new Rng(0));

describe('BatchNorm2d', () => {
  beforeAll(() => useBackend('wasm'));

  it('normalises with batch statistics in training and updates running stats as PyTorch (unbiased var, momentum 0.1)', () => {
    const bn = new BatchNorm2d(1);
    const x = tf.tensor4d([1, 2, 3, 6], [1, 2, 2, 1]); // mean 3, biased var 3.5, unbiased 14/3
    const y = bn.call(x, ctx).dataSync();
    const sd = Math.sqrt(3.5 + 1e-5);
    expect(Array.from(y).map((v) => Number(v.toFixed(4)))).toEqual([1, 2, 3, 6].map((v) => Number(((v - 3) / sd).toFixed(4))));
    const s = bn.stateDict();
    expect(s.running_mean.dataSync()[0]).toBeCloseTo(0.3, 5);
    expect(s.running_var.dataSync()[0]).toBeCloseTo(0.9 + 0.1 * (14 / 3), 5);
    expect(s.num_batches_tracked.dataSync()[0]).toBe(1);
    expect(bn.parameterCount()).toBe(2);
    tf.dispose([x]);
    bn.dispose();
  });

  it('uses the running statistics in eval mode and leaves them unchanged', () => {
    const bn = new BatchNorm2d(2);
    bn.setTraining(false);
    const x = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
    const y = bn.call(x, ctx).dataSync();
    expect(Array.from(y).map((v) => Number(v.toFixed(4)))).toEqual([1, 2, 3, 4].map((v) => Number((v / Math.sqrt(1 + 1e-5)).toFixed(4))));
    expect(Array.from(bn.stateDict().running_mean.dataSync())).toEqual([0, 0]);
    x.dispose();
    bn.dispose();
  });
});
