import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng.js';
import { randomValues, runKernel, setupBackends, wasmDataBuffers, wasmVsCpu } from './compare-backends.test-util.js';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

const cases: Array<{ name: string; x: [number, number, number, number]; f: [number, number, number, number]; s: number | [number, number]; pad: Pad }> = [
  { name: 'batch 1, 3x3 same', x: [1, 5, 5, 2], f: [3, 3, 2, 3], s: 1, pad: 'same' },
  { name: 'odd sizes valid', x: [3, 7, 6, 3], f: [3, 2, 3, 5], s: 1, pad: 'valid' },
  { name: 'stride 2 same', x: [2, 9, 8, 2], f: [3, 3, 2, 4], s: 2, pad: 'same' },
  { name: 'stride 2 valid (unused last rows)', x: [2, 8, 9, 3], f: [3, 3, 3, 2], s: 2, pad: 'valid' },
  { name: 'strides [3, 1], 5x4 kernel same', x: [2, 11, 7, 1], f: [5, 4, 1, 3], s: [3, 1], pad: 'same' },
  { name: 'numeric pad 1', x: [2, 6, 6, 3], f: [3, 3, 3, 2], s: 1, pad: 1 },
  { name: 'explicit asymmetric pad', x: [2, 6, 5, 2], f: [3, 3, 2, 2], s: 2, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  { name: '1x1 kernel', x: [4, 3, 3, 5], f: [1, 1, 5, 6], s: 1, pad: 'valid' },
];

describe('Conv2DBackpropFilter on wasm (patched) vs cpu', () => {
  beforeAll(setupBackends);

  it.each(cases)('$name', async ({ x, f, s, pad }) => {
    const rng = new Rng(7);
    const xs = randomValues(rng, x.reduce((a, b) => a * b));
    const info = tf.backend_util.computeConv2DInfo(x, f, s, 1, pad as 'same');
    const dys = randomValues(rng, info.outShape.reduce((a, b) => a * b));
    const before = wasmDataBuffers();
    const err = await wasmVsCpu(() =>
      runKernel(tf.Conv2DBackpropFilter, { x: tf.tensor4d(xs, x), dy: tf.tensor(dys, info.outShape) }, { strides: s, pad, dataFormat: 'NHWC', filterShape: f }),
    );
    expect(err).toBeLessThan(1e-4);
    expect(wasmDataBuffers()).toBe(before);
  });

  it('handles NCHW by transposing to NHWC', async () => {
    const rng = new Rng(3);
    const x: [number, number, number, number] = [2, 3, 6, 5];
    const xs = randomValues(rng, 180);
    const dys = randomValues(rng, 2 * 4 * 6 * 5);
    // Only the kernel is run here: ops reject NCHW on the cpu backend, so the reference is the NHWC result.
    const err = await wasmVsCpu(() => {
      const xt = tf.tensor4d(xs, x);
      const dy = tf.tensor4d(dys, [2, 4, 6, 5]);
      if (tf.getBackend() === 'cpu') {
        return runKernel(tf.Conv2DBackpropFilter, { x: xt.transpose([0, 2, 3, 1]), dy: dy.transpose([0, 2, 3, 1]) }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] });
      }
      return runKernel(tf.Conv2DBackpropFilter, { x: xt, dy }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] });
    });
    expect(err).toBeLessThan(1e-4);
  });
});
