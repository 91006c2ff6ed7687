import { Rng, ValidationError, disposeMinibatch, initBackend } from '@avalanche-ts/core';
import { InMemoryDataset, expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { minibatchDataLoader } from './minibatch-data-loader.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

/** 10 one-value samples whose value is their index, so batches show the order. */
const dataset = () => new InMemoryDataset(Float32Array.from({ length: 10 }, (_, i) => i), [1], new Int32Array(10), new Int32Array(10));

function epoch(loader: ReturnType<typeof minibatchDataLoader>): number[][] {
  const out: number[][] = [];
  for (const mb of loader.batches()) {
    out.push(Array.from(mb.x.dataSync()));
    disposeMinibatch(mb);
  }
  return out;
}

describe('minibatchDataLoader', () => {
  it('yields consecutive batches in order without shuffle, with or without the last partial one', () => {
    expect(epoch(minibatchDataLoader(dataset(), { batchSize: 4 }))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    const dropLast = minibatchDataLoader(dataset(), { batchSize: 4, dropLast: true });
    expect(dropLast.length).toBe(2);
    expect(epoch(dropLast)).toHaveLength(2);
  });

  it('reshuffles every epoch from the rng, reproducibly, and frees nothing it does not own', async () => {
    const a = minibatchDataLoader(dataset(), { batchSize: 3, shuffle: true, rng: new Rng(1) });
    const b = minibatchDataLoader(dataset(), { batchSize: 3, shuffle: true, rng: new Rng(1) });
    const [a1, a2] = [epoch(a), epoch(a)];
    expect([epoch(b), epoch(b)]).toEqual([a1, a2]);
    expect(a1.flat().sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a1).not.toEqual(a2);
    await expectNoTensorLeak(() => epoch(a));
  });

  it('validates its options', () => {
    expect(() => minibatchDataLoader(dataset(), { batchSize: 0 })).toThrow(ValidationError);
    expect(() => minibatchDataLoader(dataset(), { batchSize: 2, shuffle: true })).toThrow(/needs an rng/);
  });
});
