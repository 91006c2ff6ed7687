import type { ClassificationDataset, Minibatch, Rng } from '@avalanche-ts/core';

/**
 * Draws minibatches from a replay buffer forever, like Avalanche's `cycle(DataLoader(buffer,
 * batch_size, shuffle=True, drop_last=True))`: a fresh shuffle of the buffer per pass, `batchSize`
 * samples per draw, and (with `dropLast`) the short remainder of a pass skipped. Each draw is one
 * `getBatch` (one tensor per field); the caller owns and frees it.
 */
export class BufferSampler {
  private order: Int32Array;
  private pos = 0;

  constructor(
    readonly dataset: ClassificationDataset,
    readonly batchSize: number,
    private readonly rng: Rng,
    private readonly dropLast = true,
  ) {
    this.order = rng.permutation(dataset.length);
  }

  /** Whether a draw can return a batch (with `dropLast` the buffer must hold at least `batchSize` samples). */
  get ready(): boolean {
    return this.dataset.length > 0 && (!this.dropLast || this.dataset.length >= this.batchSize);
  }

  /** The indices (into `dataset`) of the next draw. */
  nextIndices(): Int32Array {
    const n = this.dataset.length;
    const left = n - this.pos;
    if (left <= 0 || (this.dropLast && left < this.batchSize)) {
      this.order = this.rng.permutation(n);
      this.pos = 0;
    }
    const idx = this.order.subarray(this.pos, Math.min(n, this.pos + this.batchSize));
    this.pos += idx.length;
    return idx;
  }

  /** The next minibatch (the dataset's random transforms draw from the same Rng). */
  next(): Minibatch {
    return this.dataset.getBatch(this.nextIndices(), { rng: this.rng });
  }
}
