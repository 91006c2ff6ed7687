// The page's data path gives the same SplitMNIST as the Node loaders: the static assets hold the exact bytes
// of MNIST-10k and the MNIST test set, and the page's scenario equals `splitMNIST` of benchmarks/node.
import * as tf from '@tensorflow/tfjs';
import { disposeMinibatch } from '@avalanche-ts/core';
import { loadMnist, splitMNIST } from '@avalanche-ts/benchmarks/node';
import { bytesOf } from '../scripts/dataset-bytes.js';
import { splitMnist, type DemoData } from '../src/data.js';
import { shift, shiftedCopies } from '../src/drawing.js';

describe('demo data', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('builds the SplitMNIST of benchmarks/node from the asset bytes', async () => {
    const sets = await loadMnist();
    const train = bytesOf(sets.train);
    const test = bytesOf(sets.test);
    const data: DemoData = { source: sets.dataName, trainImages: train.images, trainLabels: train.labels, testImages: test.images, testLabels: test.labels };
    const page = splitMnist(data, { trainPerClass: 20, testPerClass: 10, seed: 0 });
    const node = await splitMNIST({ sets, trainSamplesPerClass: 20, testSamplesPerClass: 10, seed: 0 });
    expect(page.originalClassesInExp).toEqual(node.originalClassesInExp);
    const [a, b] = [[...page.trainStream][1], [...node.trainStream][1]];
    expect(Array.from(a.dataset.targets)).toEqual(Array.from(b.dataset.targets));
    const indices = Int32Array.from({ length: a.dataset.length }, (_, i) => i);
    const [ba, bb] = [a.dataset.getBatch(indices), b.dataset.getBatch(indices)];
    expect(Array.from(ba.x.dataSync())).toEqual(Array.from(bb.x.dataSync()));
    disposeMinibatch(ba);
    disposeMinibatch(bb);
  });
});

describe('drawing helpers', () => {
  const image = new Uint8Array(784);
  image[14 * 28 + 14] = 255;

  it('shifts an image with zeros coming in', () => {
    const moved = shift(image, 2, -1);
    expect(moved[13 * 28 + 16]).toBe(255);
    expect(moved.reduce((a, b) => a + b, 0)).toBe(255);
    expect(shift(image, 20, 0).every((v) => v === 0)).toBe(true);
  });

  it('makes nine shifted copies of each drawing with its label', () => {
    const { images, labels } = shiftedCopies(image, Uint8Array.of(7));
    expect(Array.from(labels)).toEqual(new Array(9).fill(7));
    expect(images.length).toBe(9 * 784);
    expect(images.subarray(4 * 784, 5 * 784)).toEqual(image);
  });
});
