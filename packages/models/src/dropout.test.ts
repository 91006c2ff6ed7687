import * as tf from '@tensorflow/tfjs';
import { Rng } from '@avalanche-ts/core';
import { Dropout } from './dropout.js';
import { useBackend } from './model-checks.test-helper.js';
import { forwardContext } from './module.js';

describe('Dropout', () => {
  beforeAll(() => useBackend('wasm'));

  it('zeroes about p of the values and scales the rest by 1 / (1 - p); the seed fixes the mask', () => {
    const d = new Dropout(0.25);
    const x = tf.ones([1, 4000]);
    const a = d.call(x, forwardContext(new Rng(1))).dataSync();
    const b = d.call(x, forwardContext(new Rng(1))).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    const zeros = Array.from(a).filter((v) => v === 0).length;
    expect(zeros / 4000).toBeGreaterThan(0.2);
    expect(zeros / 4000).toBeLessThan(0.3);
    expect(Array.from(a).filter((v) => v !== 0).every((v) => Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    d.setTraining(false);
    expect(Array.from(d.call(x, forwardContext(new Rng(1))).dataSync()).every((v) => v === 1)).toBe(true);
    x.dispose();
  });

  it('rejects p outside [0, 1)', () => {
    expect(() => new Dropout(1)).toThrow(/p must be in/);
  });
});
