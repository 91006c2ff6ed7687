import * as tf from '@tensorflow/tfjs';
import { disposeMinibatch, initBackend, isSizedStream } from '@avalanche-ts/core';
import { expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { join } from 'node:path';
import { sharedDataDir } from './data-root.js';
import { readIdxFile } from './read-idx-file.js';
import { loadMnist10k } from './load-mnist.js';
import { splitMNIST } from './split-mnist.js';

const shared = sharedDataDir();
const describeShared = shared ? describe : describe.skip;
if (!shared) console.warn('split-mnist.test: ../shared/data not found beside the repository; SplitMNIST tests skipped');

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

test('MNIST-10k restores 10,000 real images as bytes, 28x28, every digit present', () => {
  const ds = loadMnist10k();
  expect(ds.length).toBe(10000);
  expect(ds.sampleShape).toEqual([28, 28, 1]);
  const counts = new Array(10).fill(0);
  for (const t of ds.targets) counts[t]++;
  expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  const b = ds.getBatch([0]);
  const px = b.x.dataSync();
  // Raw x/255: every value is k/255 for an integer k.
  for (const v of px) expect(Math.abs(v * 255 - Math.round(v * 255))).toBeLessThan(1e-4);
  disposeMinibatch(b);
});

describeShared('splitMNIST on MNIST-10k + the real test set', () => {
  test('MNIST-10k is put back in the original order of the real training labels', () => {
    const labels = readIdxFile(join(shared!, 'mnist', 'train-labels-idx1-ubyte.gz')).data;
    expect(Array.from(loadMnist10k().targets)).toEqual(Array.from(labels.subarray(0, 10000)));
  });

  test('5 experiences of 2 classes, names say MNIST-10k, seed decides the class order', async () => {
    const a = await splitMNIST({ seed: 1, trainSamplesPerClass: 20, testSamplesPerClass: 5 });
    expect(a.name).toContain('MNIST-10k');
    expect(a.description).toContain('MNIST-10k');
    const train = a.trainStream;
    if (!isSizedStream(train)) throw new Error('expected a sized stream');
    expect(train.length).toBe(5);
    const seen = new Set<number>();
    for (const exp of train) {
      expect(exp.classesInThisExperience).toHaveLength(2);
      expect(exp.dataset.length).toBe(40);
      expect(exp.taskLabels).toEqual([0]);
      exp.classesInThisExperience.forEach((c) => seen.add(c));
    }
    expect([...seen].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const b = await splitMNIST({ seed: 1, trainSamplesPerClass: 20, testSamplesPerClass: 5 });
    const c = await splitMNIST({ seed: 2, trainSamplesPerClass: 20, testSamplesPerClass: 5 });
    expect(b.classesOrder).toEqual(a.classesOrder);
    expect(c.classesOrder).not.toEqual(a.classesOrder);
  });

  test('test stream uses the real MNIST test set, normalised with (0.1307, 0.3081)', async () => {
    const s = await splitMNIST({ nExperiences: 2, shuffle: false });
    const test = [...s.testStream];
    expect(test.map((e) => e.dataset.length).reduce((x, y) => x + y, 0)).toBe(10000);
    expect(test[0].classesInThisExperience).toEqual([0, 1, 2, 3, 4]);
    await expectNoTensorLeak(() => {
      const batch = test[0].dataset.getBatch([0, 1, 2]);
      const x = batch.x.dataSync();
      // Background pixels (0) become -0.1307/0.3081.
      expect(Math.min(...x)).toBeCloseTo(-0.1307 / 0.3081, 5);
      expect(batch.x.shape).toEqual([3, 28, 28, 1]);
      expect(batch.x.dtype).toBe('float32');
      expect(batch.y.dtype).toBe('int32');
      disposeMinibatch(batch);
    });
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(0);
  });
});
