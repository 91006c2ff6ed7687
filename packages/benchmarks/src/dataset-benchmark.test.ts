import * as tf from '@tensorflow/tfjs';
import { disposeMinibatch, initBackend, isSizedStream } from '@avalanche-ts/core';
import { datasetBenchmark } from './dataset-benchmark.js';
import { datasetFromArrays } from './dataset-from-arrays.js';
import { tensorsBenchmark } from './tensors-benchmark.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

test('datasetFromArrays takes nested arrays, typed arrays and tensors', () => {
  const nested = datasetFromArrays({ x: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]], y: [0, 1], taskLabels: [2, 3] });
  expect(nested.sampleShape).toEqual([2, 2]);
  expect(Array.from(nested.taskLabels)).toEqual([2, 3]);
  const typed = datasetFromArrays({ x: new Uint8Array([0, 255, 255, 0]), y: [1, 0], sampleShape: [2] });
  const b = typed.getBatch([0]);
  expect(Array.from(b.x.dataSync())).toEqual([0, 1]);
  disposeMinibatch(b);
  const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
  const yt = tf.tensor1d([1, 1], 'int32');
  const fromTensor = datasetFromArrays({ x, y: yt });
  x.dispose();
  yt.dispose();
  expect(fromTensor.sampleShape).toEqual([3]);
  const b2 = fromTensor.getBatch([1]);
  expect(Array.from(b2.x.dataSync())).toEqual([4, 5, 6]);
  disposeMinibatch(b2);
  expect(() => datasetFromArrays({ x: [[1], [2]], y: [0] })).toThrow(/x holds 2 samples of shape \[1\] but y has 1 labels/);
  expect(() => datasetFromArrays({ x: new Float32Array(4), y: [0] })).toThrow(/needs sampleShape/);
  expect(() => datasetFromArrays({ x: [[1]], y: [0.5] })).toThrow(/y\[0\] must be an integer/);
});

test('datasetBenchmark: one experience per dataset, task labels, complete test set, other streams', () => {
  const a = datasetFromArrays({ x: [[0], [1]], y: [0, 1] });
  const b = datasetFromArrays({ x: [[2], [3], [4]], y: [2, 3, 2] });
  const s = datasetBenchmark([a, b], [a, b], { taskLabels: [5, 6], completeTestSetOnly: true, otherStreams: { valid: [b] } });
  const train = s.trainStream;
  if (!isSizedStream(train) || !isSizedStream(s.testStream)) throw new Error('sized');
  expect(train.length).toBe(2);
  expect(train.at(1).taskLabels).toEqual([6]);
  expect(train.at(1).previousClasses).toEqual([0, 1]);
  expect(s.testStream.length).toBe(1);
  expect(s.testStream.at(0).dataset.length).toBe(5);
  expect(s.testStream.at(0).dataset.transformGroup).toBe('eval');
  expect([...s.streams.valid][0].streamName).toBe('valid');
  expect(s.nClasses).toBe(4);
  expect(() => datasetBenchmark([a], [a], { taskLabels: [0, 1] })).toThrow(/taskLabels has 2 entries for 1 train datasets/);
});

test('tensorsBenchmark builds experiences from [x, y] pairs', () => {
  const s = tensorsBenchmark(
    [
      [[[0], [1]], [0, 1]],
      [[[2], [3]], [2, 3]],
    ],
    [[[[0], [2]], [0, 2]]],
    { taskLabels: [0, 1] },
  );
  expect([...s.trainStream].map((e) => e.classesInThisExperience)).toEqual([[0, 1], [2, 3]]);
  expect([...s.trainStream].map((e) => e.taskLabels)).toEqual([[0], [1]]);
  expect(() => tensorsBenchmark([], [], undefined as never)).toThrow(/taskLabels is required/);
});
