import * as tf from '@tensorflow/tfjs';
import { initBackend, type ContinualModel } from '@avalanche-ts/core';
import { InMemoryDataset, TinyModel } from '@avalanche-ts/core/testing';
import { featureRows, indicesByClass, normalizedRow } from './feature-rows.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

/** Features = the flattened input, so the rows show exactly what the extractor saw. */
const flatten = { name: 'flatten', training: true, setTraining() {}, getFeatures: (x: tf.Tensor) => x.reshape([x.shape[0], -1]) } as unknown as ContinualModel;

describe('featureRows', () => {
  it('extracts features of every sample in order, flipping images horizontally on request', () => {
    // Two 2×2 one-channel images: [[1, 2], [3, 4]] and [[5, 6], [7, 8]].
    const data = new InMemoryDataset(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), [2, 2, 1], Int32Array.from([0, 1]), new Int32Array(2));
    const before = tf.memory().numTensors;
    const plain = featureRows(flatten, data, 'test', { batchSize: 1 });
    const flipped = featureRows(flatten, data, 'test', { flip: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(plain.features)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(flipped.features)).toEqual([2, 1, 4, 3, 6, 5, 8, 7]);
    expect(plain.d).toBe(4);
    expect(Array.from(plain.targets)).toEqual([0, 1]);
  });

  it('needs a model with features', () => {
    const data = new InMemoryDataset(Float32Array.from([1, 2]), [2], Int32Array.from([0]), new Int32Array(1));
    const tiny = new TinyModel({ inputSize: 2, nClasses: 2 });
    const noFeatures = { name: 'logits-only', training: false, setTraining: () => undefined, forward: (x: tf.Tensor) => tiny.forward(x) } as unknown as ContinualModel;
    expect(() => featureRows(noFeatures, data, 'iCaRL')).toThrow(/iCaRL needs a model with getFeatures/);
    tiny.dispose();
  });

  it('normalises rows and groups indices by class', () => {
    expect(Array.from(normalizedRow(Float32Array.from([0, 0, 3, 4]), 1, 2))).toEqual([0.6, 0.8]);
    expect(Array.from(normalizedRow(Float32Array.from([0, 0]), 0, 2))).toEqual([0, 0]);
    expect([...indicesByClass([2, 0, 2, 1])]).toEqual([[0, [1]], [1, [3]], [2, [0, 2]]]);
  });
});
