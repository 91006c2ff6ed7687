import { disposeMinibatch, initBackend, isSizedStream, type Minibatch } from '@avalanche-ts/core';
import { expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { sharedDataDir } from './data-root.js';
import { permutedMNIST, rotatedMNIST } from './permuted-mnist.js';

const shared = sharedDataDir();
const describeShared = shared ? describe : describe.skip;
if (!shared) console.warn('permuted-mnist.test: ../shared/data not found beside the repository; skipped');

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

function pixels(exp: { dataset: { getBatch(i: number[]): Minibatch } }, i: number): Float32Array {
  const b = exp.dataset.getBatch([i]);
  const x = b.x.dataSync() as Float32Array;
  disposeMinibatch(b);
  return x;
}

describeShared('PermutedMNIST / RotatedMNIST', () => {
  test('every experience holds classes 0..9 of the same images under its own permutation', async () => {
    const s = await permutedMNIST({ nExperiences: 3, seed: 5, trainSamplesPerClass: 3, testSamplesPerClass: 2 });
    expect(s.name).toContain('PermutedMNIST');
    expect(s.name).toContain('MNIST-10k');
    expect(s.nClasses).toBe(10);
    const train = s.trainStream;
    if (!isSizedStream(train)) throw new Error('sized');
    expect(train.length).toBe(3);
    for (const exp of train) {
      expect(exp.classesInThisExperience).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(exp.dataset.length).toBe(30);
    }
    // Same image, different pixel order: equal multisets of values, different layouts.
    const a = pixels(train.at(0), 0);
    const b = pixels(train.at(1), 0);
    expect([...a].sort()).toEqual([...b].sort());
    expect(Array.from(a)).not.toEqual(Array.from(b));
    // Frozen permutation survives a transform-group change.
    expect(Array.from(pixels({ dataset: train.at(0).dataset.eval() }, 0))).toEqual(Array.from(a));
    const again = await permutedMNIST({ nExperiences: 3, seed: 5, trainSamplesPerClass: 3, testSamplesPerClass: 2 });
    if (!isSizedStream(again.trainStream)) throw new Error('sized');
    expect(Array.from(pixels(again.trainStream.at(1), 0))).toEqual(Array.from(b));
    await expectNoTensorLeak(() => [...s.testStream].forEach((e) => pixels(e, 0)));
  });

  test('rotations come from rotationsList or the seed; task ids when asked', async () => {
    const s = await rotatedMNIST({ rotationsList: [0, 90], returnTaskId: true, trainSamplesPerClass: 1, testSamplesPerClass: 1 });
    expect(s.name).toContain('RotatedMNIST');
    const [e0, e1] = [...s.trainStream];
    expect(e1.taskLabels).toEqual([1]);
    const a = pixels(e0, 0);
    const b = pixels(e1, 0);
    // 90 degrees counter-clockwise: output (y, x) reads input (x, 27 - y).
    expect(b[5 * 28 + 20]).toBeCloseTo(a[20 * 28 + (27 - 5)], 5);
    const seeded = await rotatedMNIST({ nExperiences: 2, seed: 1, trainSamplesPerClass: 1, testSamplesPerClass: 1 });
    expect(seeded.description).toMatch(/RotatedMNIST \[-?\d+, -?\d+\]/);
  });
});
