import * as tf from '@tensorflow/tfjs';
import { disposeMinibatch, type ClassificationDataset, type DataLoader, type Minibatch, type Rng } from '@avalanche-ts/core';

export interface ReplayDataLoaderOptions {
  /** Samples of the current data per minibatch. */
  readonly batchSize: number;
  /** Samples of the memory per minibatch. */
  readonly batchSizeMem: number;
  /** Draws the shuffles (and the datasets' random transforms); the template passes its run generator. */
  readonly rng: Rng;
  /** Shuffle both datasets each epoch (default true, as Avalanche's training loaders). */
  readonly shuffle?: boolean;
}

/**
 * Avalanche's `ReplayDataLoader` (with `oversample_small_tasks=True`): each minibatch is `batchSize`
 * samples of the current data followed by `batchSizeMem` samples of the memory, so the effective batch
 * is their sum (twice `trainMbSize` by default). An epoch is one pass over the current data; the memory
 * is cycled, reshuffled each time it runs out. Each minibatch is built with one `getBatch` per dataset
 * and one concat per field.
 */
export class ReplayDataLoader implements DataLoader {
  readonly length: number;

  constructor(
    readonly data: ClassificationDataset,
    readonly memory: ClassificationDataset,
    private readonly options: ReplayDataLoaderOptions,
  ) {
    this.length = Math.ceil(data.length / options.batchSize);
  }

  *batches(): Iterable<Minibatch> {
    const { batchSize, batchSizeMem, rng } = this.options;
    const shuffle = this.options.shuffle ?? true;
    const order = (n: number) => (shuffle ? rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i));
    const dataOrder = order(this.data.length);
    let memOrder = order(this.memory.length);
    let memPos = 0;
    for (let start = 0; start < dataOrder.length; start += batchSize) {
      const dataIdx = dataOrder.subarray(start, Math.min(dataOrder.length, start + batchSize));
      if (memPos >= memOrder.length) {
        memOrder = order(this.memory.length);
        memPos = 0;
      }
      // Like a torch DataLoader without drop_last, the memory's last batch of a pass may be short.
      const memIdx = memOrder.subarray(memPos, Math.min(memOrder.length, memPos + batchSizeMem));
      memPos += memIdx.length;
      const a = this.data.getBatch(dataIdx, { rng });
      const b = this.memory.getBatch(memIdx, { rng });
      const joined = concatMinibatches(a, b);
      disposeMinibatch(a);
      disposeMinibatch(b);
      yield joined;
    }
  }
}

/** One minibatch with the samples of `a` followed by those of `b` (extras kept where both have them). */
export function concatMinibatches(a: Minibatch, b: Minibatch): Minibatch {
  const extras: Record<string, tf.Tensor> = {};
  if (a.extras && b.extras) {
    for (const [k, t] of Object.entries(a.extras)) if (b.extras[k]) extras[k] = tf.concat([t, b.extras[k]]);
  }
  return {
    x: tf.concat([a.x, b.x]),
    y: tf.concat([a.y, b.y]),
    taskLabels: tf.concat([a.taskLabels, b.taskLabels]),
    ...(Object.keys(extras).length > 0 ? { extras } : {}),
  };
}
