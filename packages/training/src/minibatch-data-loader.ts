import { ValidationError, type ClassificationDataset, type DataLoader, type Minibatch, type Rng } from '@avalanche-ts/core';

export interface MinibatchDataLoaderOptions {
  readonly batchSize: number;
  /** Reshuffle the sample order at the start of every epoch (needs `rng`). */
  readonly shuffle?: boolean;
  /** Source of the shuffles and of random transforms; the template passes its own Rng. */
  readonly rng?: Rng;
  /** Drop the last incomplete batch (PyTorch's `drop_last`). */
  readonly dropLast?: boolean;
}

/**
 * A PyTorch-style `DataLoader` over a dataset: each call to `batches()` is one epoch of consecutive
 * `batchSize` slices of a (re)shuffled order, each built with one `getBatch` call (one tensor per field).
 * The permutation is drawn from `rng` when the epoch starts, so a saved Rng state replays the same epoch.
 */
export class MinibatchDataLoader implements DataLoader {
  readonly length: number;

  constructor(
    readonly dataset: ClassificationDataset,
    private readonly options: MinibatchDataLoaderOptions,
  ) {
    if (!Number.isInteger(options.batchSize) || options.batchSize <= 0) {
      throw new ValidationError(`batchSize must be a positive integer, got ${options.batchSize}`);
    }
    if (options.shuffle && options.rng === undefined) throw new ValidationError('shuffle: true needs an rng');
    const n = dataset.length;
    this.length = options.dropLast ? Math.floor(n / options.batchSize) : Math.ceil(n / options.batchSize);
  }

  *batches(): Iterable<Minibatch> {
    const n = this.dataset.length;
    const { batchSize, rng } = this.options;
    const order = this.options.shuffle ? rng!.permutation(n) : identity(n);
    for (let b = 0; b < this.length; b++) {
      const indices = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
      yield this.dataset.getBatch(indices, { rng });
    }
  }
}

/** Creates a {@link MinibatchDataLoader}. */
export function minibatchDataLoader(dataset: ClassificationDataset, options: MinibatchDataLoaderOptions): MinibatchDataLoader {
  return new MinibatchDataLoader(dataset, options);
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
