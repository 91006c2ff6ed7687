import { disposeMinibatch, initBackend } from '@avalanche-ts/core';
import { datasetFromArrays } from './dataset-from-arrays.js';
import { lazyStream } from './lazy-stream.js';
import { ncBenchmark } from './nc-benchmark.js';
import { taskIncrementalBenchmark } from './task-incremental-benchmark.js';

const y = Array.from({ length: 12 }, (_, i) => i % 6);
const data = datasetFromArrays({ x: y.map((c) => [c]), y });

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

test('experience e of every stream gets task label e, in the arrays and in minibatches', () => {
  const s = taskIncrementalBenchmark(ncBenchmark(data, data, { nExperiences: 3, shuffle: false }));
  for (const stream of [s.trainStream, s.testStream]) {
    [...stream].forEach((exp, e) => {
      expect(exp.taskLabels).toEqual([e]);
      expect(new Set(exp.dataset.taskLabels)).toEqual(new Set([e]));
      const b = exp.dataset.getBatch([0]);
      expect(Array.from(b.taskLabels.dataSync())).toEqual([e]);
      disposeMinibatch(b);
    });
  }
  expect(s.name).toContain('task-incremental');
});

test('lazy streams stay lazy', () => {
  const base = ncBenchmark(data, data, { nExperiences: 3, shuffle: false });
  let pulled = 0;
  const lazy = lazyStream('train', function* () {
    for (const e of base.trainStream) {
      pulled++;
      yield e;
    }
  });
  const s = taskIncrementalBenchmark({ ...base, trainStream: lazy, streams: { ...base.streams, train: lazy } });
  expect(pulled).toBe(0);
  expect([...s.trainStream].map((e) => e.taskLabels[0])).toEqual([0, 1, 2]);
  expect(pulled).toBe(3);
});
