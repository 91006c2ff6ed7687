import { Rng, parseWithSchema, type ClassificationDataset, type DataLoader, type Minibatch } from '@avalanche-ts/core';
import { z } from 'zod';

const schema = z.object({
  batchSize: z.number().int().positive().default(32),
  shuffle: z.boolean().default(true),
  dropLast: z.boolean().default(false),
  seed: z.number().finite().default(0),
});

/** Options of {@link datasetLoader}. */
export interface DatasetLoaderOptions {
  readonly batchSize?: number;
  /** Shuffle sample order every epoch (default true). */
  readonly shuffle?: boolean;
  /** Drop the last incomplete batch (default false). */
  readonly dropLast?: boolean;
  /** Seed of the shuffling and of random transforms, when no `rng` is given (default 0). */
  readonly seed?: number;
  /** Generator to draw from instead of a new one from `seed` (e.g. the strategy's). */
  readonly rng?: Rng;
}

/**
 * Minibatches of a dataset, one tensor per field, in a fresh seeded order every epoch (Fisher-Yates from
 * the loader's Rng), with random transforms drawing from the same Rng: same seed, same batches.
 * The consumer owns each minibatch and disposes it.
 */
export function datasetLoader(dataset: ClassificationDataset, options: DatasetLoaderOptions = {}): DataLoader {
  const { rng: given, ...rest } = options;
  const opts = parseWithSchema(schema, rest, 'datasetLoaderOptions');
  const rng = given ?? new Rng(opts.seed);
  const n = dataset.length;
  const length = opts.dropLast ? Math.floor(n / opts.batchSize) : Math.ceil(n / opts.batchSize);
  return {
    length,
    *batches(): Iterable<Minibatch> {
      const order = opts.shuffle ? rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
      for (let b = 0; b < length; b++) {
        const idx = order.subarray(b * opts.batchSize, Math.min(n, (b + 1) * opts.batchSize));
        yield dataset.getBatch(idx, { rng });
      }
    },
  };
}
