import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { LossMetric, TaskAwareLoss } from './loss-metric.js';
import { testBackend } from './test-support/fixtures.js';

describe('LossMetric', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('weights each batch loss by its size', () => {
    const loss = new LossMetric();
    expect(loss.result()).toBe(0);
    loss.update(1, 3);
    const t = tf.tensor1d([2, 4]);
    loss.update(t, 1); // mean 3, weight 1
    t.dispose();
    expect(loss.result()).toBeCloseTo((1 * 3 + 3 * 1) / 4);
    expect(() => loss.update(1, -1)).toThrow(/patterns/);
    loss.reset();
    expect(loss.result()).toBe(0);
  });

  it('TaskAwareLoss separates tasks', () => {
    const loss = new TaskAwareLoss();
    loss.update(1, 2, 0);
    loss.update(3, 2, 1);
    loss.update(2, 2, 0);
    expect([...loss.result().entries()]).toEqual([[0, 1.5], [1, 3]]);
  });
});
