import { Rng, disposeMinibatch, initBackend } from '@avalanche-ts/core';
import { InMemoryDataset } from '@avalanche-ts/core/testing';
import { taskBalancedDataLoader } from './task-balanced-data-loader.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

// 6 samples of task 0 (values 0..5) and 3 of task 1 (values 10..12).
const dataset = () =>
  new InMemoryDataset(Float32Array.from([0, 1, 2, 3, 4, 5, 10, 11, 12]), [1], new Int32Array(9), Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1]));

function epoch(loader: ReturnType<typeof taskBalancedDataLoader>): Array<{ x: number[]; tasks: number[] }> {
  const out: Array<{ x: number[]; tasks: number[] }> = [];
  for (const mb of loader.batches()) {
    out.push({ x: Array.from(mb.x.dataSync()), tasks: Array.from(mb.taskLabels.dataSync()) });
    disposeMinibatch(mb);
  }
  return out;
}

describe('taskBalancedDataLoader', () => {
  it('splits each batch among the tasks and lasts until the largest task is exhausted', () => {
    const loader = taskBalancedDataLoader(dataset(), { batchSize: 4 });
    expect(loader.length).toBe(3);
    expect(epoch(loader).map((b) => b.x)).toEqual([[0, 1, 10, 11], [2, 3, 12], [4, 5]]);
  });

  it('gives the remainder to the first tasks and oversamples small tasks on request', () => {
    const loader = taskBalancedDataLoader(dataset(), { batchSize: 5, oversampleSmallTasks: true });
    const batches = epoch(loader);
    expect(batches.map((b) => b.tasks)).toEqual([[0, 0, 0, 1, 1], [0, 0, 0, 1, 1]]);
    expect(batches[1].x).toEqual([3, 4, 5, 12, 10]);
  });

  it('shuffles within each task from the rng, reproducibly', () => {
    const run = (seed: number) => epoch(taskBalancedDataLoader(dataset(), { batchSize: 4, shuffle: true, rng: new Rng(seed) }));
    expect(run(3)).toEqual(run(3));
    const x = run(3).flatMap((b) => b.x);
    expect(x.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 10, 11, 12]);
  });
});
