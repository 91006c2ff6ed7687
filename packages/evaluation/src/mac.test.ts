import * as tf from '@tensorflow/tfjs';
import { initBackend, type ContinualModel } from '@avalanche-ts/core';
import { countTensorsAfter, TinyModel } from '@avalanche-ts/core/testing';
import { countMacs, kernelMacs, MAC } from './mac.js';
import { testBackend } from './test-support/fixtures.js';

/** A conv net over raw variables: conv 3x3 (1 -> 4 channels, same padding) on 6x6, then dense 144 -> 5. */
function convModel(): ContinualModel {
  const filter = tf.variable(tf.ones([3, 3, 1, 4]));
  const dense = tf.variable(tf.ones([144, 5]));
  let training = true;
  return {
    name: 'ConvNet',
    get training() {
      return training;
    },
    setTraining(t: boolean) {
      training = t;
    },
    forward: (x) => tf.tidy(() => tf.matMul(tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same').reshape([x.shape[0], 144]), dense as tf.Tensor2D)),
    namedParameters: () => [['conv.weight', filter], ['fc.weight', dense]],
    stateDict: () => ({}),
    loadStateDict: () => undefined,
    clone() {
      return this;
    },
    dispose: () => tf.dispose([filter, dense]),
  };
}

describe('MAC', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('kernelMacs follows the dense and convolution formulas', () => {
    expect(kernelMacs({ name: 'BatchMatMul', inputShapes: [[1, 2, 8], [1, 8, 16]], outputShapes: [[1, 2, 16]] })).toBe(2 * 16 * 8);
    // Transposed A ([k, m]) gives the same count.
    expect(kernelMacs({ name: 'BatchMatMul', inputShapes: [[1, 8, 2], [1, 8, 16]], outputShapes: [[1, 2, 16]] })).toBe(2 * 16 * 8);
    expect(kernelMacs({ name: 'Conv2D', inputShapes: [[1, 6, 6, 2], [3, 3, 2, 4]], outputShapes: [[1, 6, 6, 4]] })).toBe(36 * 4 * 9 * 2);
    expect(kernelMacs({ name: 'DepthwiseConv2dNative', inputShapes: [[1, 6, 6, 2], [3, 3, 2, 1]], outputShapes: [[1, 6, 6, 2]] })).toBe(72 * 9);
    expect(kernelMacs({ name: 'Relu', inputShapes: [[1, 4]], outputShapes: [[1, 4]] })).toBe(0);
  });

  it('traces an MLP: in*hidden + hidden*out per sample, without leaking and keeping the mode', async () => {
    const model = new TinyModel({ inputSize: 8, hiddenSize: 16, nClasses: 6 });
    let macs = 0;
    expect(await countTensorsAfter(async () => (macs = await countMacs(model, [8])))).toBe(0);
    expect(macs).toBe(8 * 16 + 16 * 6);
    expect(model.training).toBe(true);
    model.dispose();
  });

  it('traces a conv net and caches counts per model shape', async () => {
    const model = convModel();
    const mac = new MAC();
    const x = tf.zeros([4, 6, 6, 1]);
    const pending = mac.update(model, x);
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    expect(mac.result()).toBe(36 * 4 * 9 + 144 * 5);
    // Second call on the same shape: synchronous cache hit.
    expect(mac.update(model, x)).toBeUndefined();
    mac.reset();
    expect(mac.result()).toBeUndefined();
    tf.dispose(x);
    model.dispose();
  });
});
