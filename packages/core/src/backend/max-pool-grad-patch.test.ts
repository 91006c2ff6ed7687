import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng.js';
import { randomValues, setupBackends, wasmDataBuffers, wasmVsCpu } from './compare-backends.test-util.js';

const cases: Array<{ name: string; x: [number, number, number, number]; f: number | [number, number]; s: number | [number, number]; pad: 'same' | 'valid' | number }> = [
  { name: 'batch 1, 2x2 stride 2 valid', x: [1, 6, 6, 3], f: 2, s: 2, pad: 'valid' },
  { name: 'odd sizes, 2x2 stride 2 valid (drops the last row)', x: [3, 7, 9, 5], f: 2, s: 2, pad: 'valid' },
  { name: 'overlapping 3x3 stride 2 same', x: [2, 9, 8, 4], f: 3, s: 2, pad: 'same' },
  { name: 'overlapping 3x3 stride 1 same', x: [2, 5, 6, 2], f: 3, s: 1, pad: 'same' },
  { name: '3x2 window, strides [1, 2], numeric pad 1', x: [2, 6, 7, 3], f: [3, 2], s: [1, 2], pad: 1 },
];

describe('MaxPoolGrad on wasm (patched) vs cpu', () => {
  beforeAll(setupBackends);

  it.each(cases)('$name', async ({ x, f, s, pad }) => {
    const rng = new Rng(59);
    const xs = randomValues(rng, x.reduce((a, b) => a * b));
    const before = wasmDataBuffers();
    const err = await wasmVsCpu(() => {
      // Weights 1, 2, 3, ... per output make every dy distinct, so a misrouted gradient shows.
      const g = tf.grad((t: tf.Tensor) => {
        const y = tf.maxPool(t as tf.Tensor4D, f, s, pad);
        return y.mul(tf.range(1, 1 + y.size).reshape(y.shape)).sum();
      });
      return g(tf.tensor4d(xs, x));
    });
    expect(err).toBeLessThan(1e-6);
    expect(wasmDataBuffers()).toBe(before);
  });

  it('sends the gradient to the first maximum of a window on ties, as cpu does', async () => {
    // ReLU outputs make ties (zeros) common; only one element per window may receive the gradient.
    const values = new Float32Array(2 * 4 * 4 * 2).map((_, i) => (i % 3 === 0 ? 1 : 0));
    const err = await wasmVsCpu(() => tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid').sum())(tf.tensor4d(values, [2, 4, 4, 2])));
    expect(err).toBe(0);
    await tf.setBackend('wasm');
    const g = tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid').sum())(tf.zeros([1, 2, 2, 1]));
    expect(Array.from(g.dataSync())).toEqual([1, 0, 0, 0]);
    g.dispose();
  });
});
