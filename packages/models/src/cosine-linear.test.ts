import * as tf from '@tensorflow/tfjs';
import { Rng } from '@avalanche-ts/core';
import { countTensorsAfter } from '@avalanche-ts/core/testing';
import { CosineLinear } from './cosine-linear.js';
import { useBackend } from './model-checks.test-helper.js';

describe('CosineLinear', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameters of the PyTorch definition (weight and sigma)', () => {
    const c = new CosineLinear(64, 10, new Rng(0));
    // scripts/torch-param-counts.py: CosineLinear(64, 10) -> 641
    expect(c.parameterCount()).toBe(641);
    expect(c.namedParameters().map(([n]) => n)).toEqual(['weight', 'sigma']);
    c.dispose();
    expect(new CosineLinear(4, 2, new Rng(0), { sigma: false }).parameterCount()).toBe(8);
  });

  it('outputs sigma times the cosine similarity, independent of the input scale', () => {
    const c = new CosineLinear(3, 4, new Rng(1));
    const x = tf.tensor2d([[1, 2, 3]]);
    const a = c.call(x).dataSync();
    const b = c.call(tf.mul(x, 10)).dataSync();
    for (let j = 0; j < 4; j++) {
      expect(Math.abs(a[j])).toBeLessThanOrEqual(1 + 1e-6);
      expect(b[j]).toBeCloseTo(a[j], 5);
    }
    (c.namedParameters()[1][1]).assign(tf.tensor1d([2]));
    const d = c.call(x).dataSync();
    expect(d[0]).toBeCloseTo(2 * a[0], 5);
    x.dispose();
    c.dispose();
  });

  it('is differentiable in weight and sigma without leaks', async () => {
    const c = new CosineLinear(3, 2, new Rng(2));
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 1);
    const leaked = await countTensorsAfter(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(c.call(x))) as tf.Scalar, c.namedParameters().map(([, v]) => v));
      expect(Object.keys(grads)).toHaveLength(2);
      tf.dispose([value, ...Object.values(grads)]);
    });
    expect(leaked).toBe(0);
    x.dispose();
    c.dispose();
  });
});
