import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { Accuracy, TaskAwareAccuracy } from './accuracy.js';
import { testBackend } from './test-support/fixtures.js';

describe('Accuracy', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('is pattern-weighted over batches, from logits or labels, with one-hot targets', async () => {
    const acc = new Accuracy();
    expect(acc.result()).toBe(0);
    const logits = tf.tensor2d([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]);
    const labels = tf.tensor1d([1, 1, 1], 'int32');
    await expectNoTensorLeak(() => acc.update(logits, labels));
    expect(acc.result()).toBeCloseTo(2 / 3);
    // One batch of 1 pattern, all wrong: weighted (2 + 0) / (3 + 1), not mean(2/3, 0).
    acc.update([0], tf.tensor2d([[0, 1]]));
    expect(acc.result()).toBeCloseTo(0.5);
    acc.reset();
    expect(acc.result()).toBe(0);
    tf.dispose([logits, labels]);
  });

  it('rejects mismatched lengths and bad shapes', () => {
    const acc = new Accuracy();
    expect(() => acc.update([1, 2], [1])).toThrow(/same number of samples/);
    const t3 = tf.zeros([2, 2, 2]);
    expect(() => acc.update(t3, [1, 2])).toThrow(/shape \[n\]/);
    t3.dispose();
  });

  it('TaskAwareAccuracy keeps one accuracy per task', () => {
    const acc = new TaskAwareAccuracy();
    acc.update([0, 1, 1, 2], [0, 0, 1, 2], [0, 0, 1, 1]);
    expect([...acc.result().entries()]).toEqual([[0, 0.5], [1, 1]]);
    acc.update([5], [5], 0);
    expect(acc.result(0)).toBeCloseTo(2 / 3);
    expect(acc.result(9)).toBe(0);
  });
});
