import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng.js';
import { randomValues, setupBackends, wasmVsCpu } from './compare-backends.test-util.js';

describe('UnsortedSegmentSum on wasm (added) vs cpu', () => {
  beforeAll(setupBackends);

  it('sums rows by segment, dropping out-of-range ids', async () => {
    const rng = new Rng(23);
    const xs = randomValues(rng, 7 * 5);
    const ids = [0, 3, 3, -1, 1, 4, 0];
    const err = await wasmVsCpu(() => tf.unsortedSegmentSum(tf.tensor2d(xs, [7, 5]), tf.tensor1d(ids, 'int32'), 4));
    expect(err).toBeLessThan(1e-6);
  });

  it('sums int32 values and keeps the dtype', async () => {
    await tf.setBackend('wasm');
    const out = tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4], 'int32'), tf.tensor1d([1, 0, 1, 1], 'int32'), 3);
    expect(out.dtype).toBe('int32');
    expect(Array.from(out.dataSync())).toEqual([2, 8, 0]);
    out.dispose();
  });

  it('gives the gradient of gather (an embedding lookup)', async () => {
    const rng = new Rng(29);
    const table = randomValues(rng, 6 * 4);
    const err = await wasmVsCpu(() => {
      const g = tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor1d([5, 0, 5, 2, 5], 'int32')).square().sum());
      return g(tf.tensor2d(table, [6, 4]));
    });
    expect(err).toBeLessThan(1e-5);
  });
});
