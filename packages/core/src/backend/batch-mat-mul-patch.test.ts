import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng.js';
import { randomValues, setupBackends, wasmDataBuffers, wasmVsCpu } from './compare-backends.test-util.js';

const shapes: Array<{ name: string; a: number[]; b: number[] }> = [
  { name: 'odd 2-D', a: [7, 13], b: [13, 5] },
  { name: 'batch 1 row', a: [1, 9], b: [9, 3] },
  { name: 'batched 3-D', a: [3, 4, 6], b: [3, 6, 5] },
  { name: 'broadcast batch', a: [2, 3, 5, 4], b: [1, 4, 7] },
];

/** Shapes of the operands as stored when the product is to be taken with the given transposes. */
function stored(shape: number[], transpose: boolean): number[] {
  if (!transpose) return shape;
  const s = shape.slice();
  [s[s.length - 2], s[s.length - 1]] = [s[s.length - 1], s[s.length - 2]];
  return s;
}

describe('BatchMatMul and _FusedMatMul on wasm (patched) vs cpu', () => {
  beforeAll(setupBackends);

  for (const { name, a, b } of shapes) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      it(`${name}, transposeA=${ta}, transposeB=${tb}`, async () => {
        const rng = new Rng(31);
        const sa = stored(a, ta);
        const sb = stored(b, tb);
        const as = randomValues(rng, sa.reduce((x, y) => x * y));
        const bs = randomValues(rng, sb.reduce((x, y) => x * y));
        const before = wasmDataBuffers();
        const err = await wasmVsCpu(() => tf.matMul(tf.tensor(as, sa), tf.tensor(bs, sb), ta, tb));
        expect(err).toBeLessThan(1e-4);
        expect(wasmDataBuffers()).toBe(before);
      });
    }
  }

  it('fused matMul + bias + relu with transposes', async () => {
    const rng = new Rng(37);
    const as = randomValues(rng, 9 * 6);
    const bs = randomValues(rng, 4 * 9);
    const bias = randomValues(rng, 4);
    const err = await wasmVsCpu(() =>
      tf.fused.matMul({ a: tf.tensor2d(as, [9, 6]), b: tf.tensor2d(bs, [4, 9]), transposeA: true, transposeB: true, bias: tf.tensor1d(bias), activation: 'relu' }),
    );
    expect(err).toBeLessThan(1e-4);
  });

  it('gives the gradients of a fused dense layer', async () => {
    const rng = new Rng(41);
    const xs = randomValues(rng, 5 * 8);
    const ws = randomValues(rng, 8 * 3);
    const err = await wasmVsCpu(() => {
      const g = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, activation: 'relu' }).square().sum());
      return g([tf.tensor2d(xs, [5, 8]), tf.tensor2d(ws, [8, 3])]);
    });
    expect(err).toBeLessThan(1e-4);
  });
});
