import * as tf from '@tensorflow/tfjs';
import { conv2dOp } from './conv2d-op.js';
import { maxAbsDiff, useBackend } from './model-checks.test-helper.js';

describe('conv2dOp', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`matches tf's own conv2d value and gradients (stride 1 and 2, padding 0 and 1, relu) on ${backend}`, async () => {
      await useBackend(backend);
      for (const [stride, padding, size, k] of [[1, 0, 6, 3], [1, 1, 6, 3], [2, 1, 7, 3], [2, 0, 8, 1], [2, 0, 7, 1], [1, 0, 5, 1], [2, 1, 6, 3]]) {
        for (const activation of ['linear', 'relu'] as const) {
          const x = tf.randomNormal([2, size, size, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
          const w = tf.randomNormal([k, k, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
          const b = tf.randomNormal([4], 0, 1, 'float32', 3) as tf.Tensor1D;
          const pad = padding === 0 ? 'valid' : padding;
          const reference = (xi: tf.Tensor4D, wi: tf.Tensor4D, bi: tf.Tensor1D) => {
            const z = tf.add(tf.conv2d(xi, wi, stride, pad), bi);
            return tf.sum(tf.square(activation === 'relu' ? tf.relu(z) : z));
          };
          const ours = (xi: tf.Tensor4D, wi: tf.Tensor4D, bi: tf.Tensor1D) => tf.sum(tf.square(conv2dOp(xi, wi, bi, stride, padding, activation)));
          const ref = tf.grads(reference as (...t: tf.Tensor[]) => tf.Tensor)([x, w, b]);
          const got = tf.grads(ours as (...t: tf.Tensor[]) => tf.Tensor)([x, w, b]);
          for (let i = 0; i < 3; i++) {
            expect(got[i].shape).toEqual(ref[i].shape);
            expect(maxAbsDiff(got[i].dataSync(), ref[i].dataSync())).toBeLessThan(1e-3);
          }
          tf.dispose([x, w, b, ...ref, ...got]);
        }
      }
    });
  }

});
