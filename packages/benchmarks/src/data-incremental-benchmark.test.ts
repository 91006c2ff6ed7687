import { isSizedStream } from '@avalanche-ts/core';
import { dataIncrementalBenchmark } from './data-incremental-benchmark.js';
import { datasetFromArrays } from './dataset-from-arrays.js';
import { ncBenchmark } from './nc-benchmark.js';

const y = Array.from({ length: 20 }, (_, i) => i % 4);
const data = datasetFromArrays({ x: y.map((_, i) => [i]), y });

test('cuts every train experience into chunks of experienceSize, keeping task labels; test untouched', () => {
  const base = ncBenchmark(data, data, { nExperiences: 2, shuffle: false, taskLabels: true });
  const s = dataIncrementalBenchmark(base, 3);
  const train = s.trainStream;
  if (!isSizedStream(train)) throw new Error('sized');
  expect([...train].map((e) => e.dataset.length)).toEqual([3, 3, 3, 1, 3, 3, 3, 1]);
  expect([...train].map((e) => e.taskLabels[0])).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  expect([...train].map((e) => e.currentExperience)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(train.at(4).previousClasses).toEqual([0, 1]);
  expect(s.testStream).toBe(base.testStream);
  expect(s.name).toContain('data-incremental');
});

test('shuffle is seeded; a custom split strategy replaces the default', () => {
  const base = ncBenchmark(data, data, { nExperiences: 1, shuffle: false });
  const order = (seed: number) => [...dataIncrementalBenchmark(base, 5, { shuffle: true, seed }).trainStream].map((e) => Array.from(e.dataset.targets).join()).join('|');
  expect(order(1)).toBe(order(1));
  expect(order(1)).not.toBe(order(2));
  const custom = dataIncrementalBenchmark(base, 1, { customSplitStrategy: (exp) => [exp.dataset.subset([0]), exp.dataset.subset([1, 2])] });
  expect([...custom.trainStream].map((e) => e.dataset.length)).toEqual([1, 2]);
  const both = dataIncrementalBenchmark(base, 10, { splitStreams: ['train', 'test'] });
  expect([...both.testStream].map((e) => e.dataset.length)).toEqual([10, 10]);
});
