import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { TopkAccuracy } from './topk-accuracy.js';
import { testBackend } from './test-support/fixtures.js';

describe('TopkAccuracy', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('counts a hit when the target is among the k highest scores', async () => {
    const scores = tf.tensor2d([
      [0.5, 0.3, 0.1, 0.1], // target 1: 2nd
      [0.1, 0.2, 0.3, 0.4], // target 0: 4th
      [0.9, 0.05, 0.03, 0.02], // target 0: 1st
    ]);
    const k1 = new TopkAccuracy(1);
    const k2 = new TopkAccuracy(2);
    await expectNoTensorLeak(() => {
      k1.update(scores, [1, 0, 0]);
      k2.update(scores, [1, 0, 0]);
    });
    expect(k1.result()).toBeCloseTo(1 / 3);
    expect(k2.result()).toBeCloseTo(2 / 3);
    scores.dispose();
    expect(() => new TopkAccuracy(0)).toThrow(/topK/);
  });
});
