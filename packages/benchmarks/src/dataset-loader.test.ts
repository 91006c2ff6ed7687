import { Rng, disposeMinibatch, initBackend } from '@avalanche-ts/core';
import { expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { datasetFromArrays } from './dataset-from-arrays.js';
import { datasetLoader } from './dataset-loader.js';

const y = Array.from({ length: 10 }, (_, i) => i);
const ds = datasetFromArrays({ x: y.map((v) => [v]), y });

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

function epoch(loader: ReturnType<typeof datasetLoader>): number[][] {
  const out: number[][] = [];
  for (const b of loader.batches()) {
    out.push(Array.from(b.y.dataSync()));
    disposeMinibatch(b);
  }
  return out;
}

test('covers every sample once per epoch in seeded order; new order each epoch', async () => {
  const loader = datasetLoader(ds, { batchSize: 4, seed: 3 });
  expect(loader.length).toBe(3);
  let e1: number[][] = [];
  await expectNoTensorLeak(() => {
    e1 = epoch(loader);
  });
  expect(e1.map((b) => b.length)).toEqual([4, 4, 2]);
  expect(e1.flat().sort((a, b) => a - b)).toEqual(y);
  const e2 = epoch(loader);
  expect(e2).not.toEqual(e1);
  expect(epoch(datasetLoader(ds, { batchSize: 4, seed: 3 }))).toEqual(e1);
  expect(epoch(datasetLoader(ds, { batchSize: 4, rng: new Rng(3) }))).toEqual(e1);
});

test('no shuffle keeps dataset order; dropLast drops the partial batch', () => {
  expect(epoch(datasetLoader(ds, { batchSize: 4, shuffle: false, dropLast: true }))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
  expect(() => datasetLoader(ds, { batchSize: 0 })).toThrow(/datasetLoaderOptions.batchSize/);
});
