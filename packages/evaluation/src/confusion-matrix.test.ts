import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { ConfusionMatrix } from './confusion-matrix.js';
import { testBackend } from './test-support/fixtures.js';

describe('ConfusionMatrix', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('counts target x prediction and grows without nClasses', () => {
    const cm = new ConfusionMatrix();
    const logits = tf.tensor2d([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    cm.update(logits, [0, 0, 2]);
    logits.dispose();
    expect(cm.result()).toEqual([[1, 0, 1], [0, 0, 0], [0, 1, 0]]);
  });

  it('normalises by rows, columns or total', () => {
    const preds = [0, 1, 1, 1];
    const targets = [0, 0, 1, 1];
    const rows = new ConfusionMatrix(2, 'true');
    rows.update(preds, targets);
    expect(rows.result()).toEqual([[0.5, 0.5], [0, 1]]);
    const cols = new ConfusionMatrix(2, 'pred');
    cols.update(preds, targets);
    expect(cols.result()).toEqual([[1, 1 / 3], [0, 2 / 3]]);
    const all = new ConfusionMatrix(2, 'all');
    all.update(preds, targets);
    expect(all.result()).toEqual([[0.25, 0.25], [0, 0.5]]);
  });

  it('has a fixed size with nClasses and rejects labels outside it', () => {
    const cm = new ConfusionMatrix(3);
    expect(cm.result()).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(() => cm.update([3], [0])).toThrow(/nClasses = 3/);
    expect(() => new ConfusionMatrix(0)).toThrow(/nClasses/);
  });
});
