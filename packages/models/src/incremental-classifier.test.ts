import * as tf from '@tensorflow/tfjs';
import { IncrementalClassifier } from './incremental-classifier.js';
import { fakeExperience, useBackend } from './model-checks.test-helper.js';
import { forwardContext } from './module.js';
import { Rng } from '@avalanche-ts/core';
import { countTensorsAfter } from '@avalanche-ts/core/testing';

const ctx = forwardContext(new Rng(0));

describe('IncrementalClassifier', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameters of the PyTorch definition and an active_units buffer', () => {
    const ic = new IncrementalClassifier({ inFeatures: 512 });
    // scripts/torch-param-counts.py: IncrementalClassifier(512, initial_out_features=2) -> 1026
    expect(ic.parameterCount()).toBe(1026);
    expect(Object.keys(ic.stateDict())).toEqual(['classifier.weight', 'classifier.bias', 'active_units']);
    ic.dispose();
  });

  it('grows for new classes, keeps old outputs identical and masks never-seen units with -1000', () => {
    const ic = new IncrementalClassifier({ inFeatures: 6, seed: 1 });
    const x = tf.randomNormal([3, 6], 0, 1, 'float32', 2);
    expect(ic.adaptModule(fakeExperience([0, 1]))).toBe(false); // 2 units already
    const before = ic.call(x).arraySync() as number[][];
    expect(ic.adaptModule(fakeExperience([4, 5], [0], 1))).toBe(true);
    expect(ic.outFeatures).toBe(6);
    const after = ic.call(x).arraySync() as number[][];
    for (let i = 0; i < 3; i++) {
      expect(after[i].slice(0, 2)).toEqual(before[i].slice(0, 2));
      expect(after[i][2]).toBe(-1000);
      expect(after[i][3]).toBe(-1000);
      expect(after[i][4]).not.toBe(-1000);
    }
    expect(Array.from(ic.activeUnits()!)).toEqual([1, 1, 0, 0, 1, 1]);
    x.dispose();
    ic.dispose();
  });

  it('does not mark units active when adapted in eval mode, and never shrinks', () => {
    const ic = new IncrementalClassifier({ inFeatures: 4 });
    ic.setTraining(false);
    expect(ic.adaptModule(fakeExperience([3]))).toBe(true);
    expect(Array.from(ic.activeUnits()!)).toEqual([0, 0, 0, 0]);
    ic.setTraining(true);
    expect(ic.adaptModule(fakeExperience([1]))).toBe(false);
    expect(ic.outFeatures).toBe(4);
    ic.dispose();
  });

  it('without masking returns the raw logits', () => {
    const ic = new IncrementalClassifier({ inFeatures: 4, masking: false, initialOutFeatures: 3 });
    const x = tf.ones([2, 4]);
    const y = ic.call(x);
    expect(Array.from(y.dataSync()).some((v) => v === -1000)).toBe(false);
    expect(Object.keys(ic.stateDict())).toEqual(['classifier.weight', 'classifier.bias', 'active_units']); // as Avalanche
    expect(ic.activeUnits()).toBeUndefined();
    tf.dispose([x, y]);
    ic.dispose();
  });

  it('growing frees the replaced variables (no tensor leak) and a grown state loads into a fresh one', async () => {
    const ic = new IncrementalClassifier({ inFeatures: 4 });
    expect(await countTensorsAfter(() => ic.adaptModule(fakeExperience([0, 1, 2]))) ).toBe(0);
    const fresh = new IncrementalClassifier({ inFeatures: 4, seed: 9 });
    fresh.loadStateDict(ic.stateDict());
    const x = tf.ones([1, 4]);
    const a = ic.call(x, ctx);
    const b = fresh.call(x, ctx);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    ic.dispose();
    fresh.dispose();
  });

  it('a classifier restored after two growths grows on exactly as the original', () => {
    const original = new IncrementalClassifier({ inFeatures: 4, seed: 3 });
    original.adaptModule(fakeExperience([0, 1, 2]));
    original.adaptModule(fakeExperience([3, 4]));
    const restored = new IncrementalClassifier({ inFeatures: 4, seed: 3 });
    restored.loadStateDict(original.stateDict());
    original.adaptModule(fakeExperience([5, 6]));
    restored.adaptModule(fakeExperience([5, 6]));
    const weights = (ic: IncrementalClassifier) => Array.from(ic.linear.weight.dataSync());
    expect(weights(restored)).toEqual(weights(original));
    original.dispose();
    restored.dispose();
  });
});
