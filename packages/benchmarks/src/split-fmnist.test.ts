import { existsSync } from 'node:fs';
import { disposeMinibatch, initBackend, isSizedStream } from '@avalanche-ts/core';
import { splitFMNIST } from './split-fmnist.js';

const FMNIST_DIR = '/usr/share/datasets/fashion-mnist';
const present = existsSync(`${FMNIST_DIR}/train-images-idx3-ubyte.gz`);
const describeFmnist = present ? describe : describe.skip;
if (!present) console.warn(`split-fmnist.test: Fashion-MNIST not installed at ${FMNIST_DIR} (apt-get install dataset-fashion-mnist); skipped`);

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describeFmnist('SplitFMNIST on Debian\'s Fashion-MNIST (70,000 real images)', () => {
  test('10 experiences of one class over 60,000 train / 10,000 test images', async () => {
    const s = await splitFMNIST({ seed: 0, useSharedData: false, dataDir: '/nonexistent-avalanche-data' });
    expect(s.name).toContain('Fashion-MNIST');
    const train = s.trainStream;
    const test = s.testStream;
    if (!isSizedStream(train) || !isSizedStream(test)) throw new Error('sized');
    expect(train.length).toBe(10);
    let nTrain = 0;
    for (const exp of train) {
      expect(exp.classesInThisExperience).toHaveLength(1);
      // Fashion-MNIST is balanced: 6,000 train and 1,000 test images per class.
      expect(exp.dataset.length).toBe(6000);
      nTrain += exp.dataset.length;
    }
    expect(nTrain).toBe(60000);
    for (const exp of test) expect(exp.dataset.length).toBe(1000);
    const batch = train.at(0).dataset.getBatch([0, 1]);
    expect(batch.x.shape).toEqual([2, 28, 28, 1]);
    // Normalize(0.2860, 0.3530): zero pixels map to -0.286 / 0.353.
    expect(Math.min(...batch.x.dataSync())).toBeCloseTo(-0.286 / 0.353, 5);
    disposeMinibatch(batch);
  });

  test('first batch with half the classes', async () => {
    const s = await splitFMNIST({ nExperiences: 6, firstBatchWithHalfClasses: true, shuffle: false, trainSamplesPerClass: 5, testSamplesPerClass: 5 });
    expect(s.nClassesPerExp).toEqual([5, 1, 1, 1, 1, 1]);
    expect(s.classesInExperience.train[0]).toEqual([0, 1, 2, 3, 4]);
  });
});
