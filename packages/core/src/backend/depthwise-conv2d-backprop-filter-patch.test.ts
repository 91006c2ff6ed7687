import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng.js';
import { gatherTaps, randomValues, runKernel, setupBackends, spreadFilter, wasmDataBuffers, wasmVsCpu } from './compare-backends.test-util.js';

const cases: Array<{ name: string; x: [number, number, number, number]; f: [number, number, number, number]; s: number; d: number; pad: 'same' | 'valid' | number }> = [
  { name: 'batch 1, multiplier 1, same', x: [1, 5, 5, 3], f: [3, 3, 3, 1], s: 1, d: 1, pad: 'same' },
  { name: 'multiplier 2, odd sizes, valid', x: [3, 7, 6, 2], f: [3, 2, 2, 2], s: 1, d: 1, pad: 'valid' },
  { name: 'stride 2 same', x: [2, 9, 8, 2], f: [3, 3, 2, 3], s: 2, d: 1, pad: 'same' },
  { name: 'stride 2 valid', x: [2, 8, 9, 1], f: [3, 3, 1, 2], s: 2, d: 1, pad: 'valid' },
  { name: 'dilation 2 same', x: [2, 9, 9, 2], f: [3, 3, 2, 1], s: 1, d: 2, pad: 'same' },
  { name: 'dilation 2 valid, multiplier 3', x: [1, 8, 7, 2], f: [2, 3, 2, 3], s: 1, d: 2, pad: 'valid' },
  { name: 'numeric pad 1', x: [2, 6, 6, 3], f: [3, 3, 3, 1], s: 1, d: 1, pad: 1 },
];

describe('DepthwiseConv2dNativeBackpropFilter on wasm (added) vs cpu', () => {
  beforeAll(setupBackends);

  it.each(cases)('filter gradient: $name', async ({ x, f, s, d, pad }) => {
    const rng = new Rng(13);
    const xs = randomValues(rng, x.reduce((a, b) => a * b));
    const info = tf.backend_util.computeConv2DInfo(x, f, s, d, pad, undefined, true);
    const dys = randomValues(rng, info.outShape.reduce((a, b) => a * b));
    const before = wasmDataBuffers();
    const err = await wasmVsCpu(() =>
      tf.getBackend() === 'cpu' && d > 1
        ? gatherTaps(runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x: tf.tensor4d(xs, x), dy: tf.tensor(dys, info.outShape) }, { strides: s, dilations: 1, pad, filterShape: spreadFilter(new Float32Array(f.reduce((a, b) => a * b)), f, d).shape }), d)
        : runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x: tf.tensor4d(xs, x), dy: tf.tensor(dys, info.outShape) }, { strides: s, dilations: d, pad, filterShape: f }),
    );
    expect(err).toBeLessThan(1e-4);
    expect(wasmDataBuffers()).toBe(before);
  });
});
