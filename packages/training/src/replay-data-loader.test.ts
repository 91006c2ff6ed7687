import { Rng, disposeMinibatch, initBackend } from '@avalanche-ts/core';
import { InMemoryDataset, expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { ReplayDataLoader } from './replay-data-loader.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

function labelled(n: number, label: number): InMemoryDataset {
  return new InMemoryDataset(Float32Array.from({ length: n }, (_, i) => i), [1], new Int32Array(n).fill(label), new Int32Array(n));
}

describe('ReplayDataLoader', () => {
  it('joins batchSize current and batchSizeMem memory samples, one pass over the current data, cycling the memory', async () => {
    const loader = new ReplayDataLoader(labelled(10, 1), labelled(3, 7), { batchSize: 4, batchSizeMem: 2, rng: new Rng(0) });
    expect(loader.length).toBe(3);
    const shapes: Array<[number, number[]]> = [];
    await expectNoTensorLeak(() => {
      for (const mb of loader.batches()) {
        const y = Array.from(mb.y.dataSync());
        shapes.push([mb.x.shape[0], y]);
        disposeMinibatch(mb);
      }
    });
    // Current data: 4, 4, 2; memory of 3 in batches of 2: 2, 1 (end of pass), 2 (reshuffled).
    expect(shapes.map(([n]) => n)).toEqual([6, 5, 4]);
    expect(shapes.map(([, y]) => y)).toEqual([[1, 1, 1, 1, 7, 7], [1, 1, 1, 1, 7], [1, 1, 7, 7]]);
  });

  it('shuffles deterministically from its generator', async () => {
    const read = (seed: number) => {
      const loader = new ReplayDataLoader(labelled(8, 0), labelled(8, 1), { batchSize: 8, batchSizeMem: 8, rng: new Rng(seed) });
      const [mb] = [...loader.batches()];
      const x = Array.from(mb.x.dataSync());
      disposeMinibatch(mb);
      return x;
    };
    await expectNoTensorLeak(() => {
      expect(read(1)).toEqual(read(1));
      expect(read(1)).not.toEqual(read(2));
    });
  });
});
