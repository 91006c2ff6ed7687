import { z } from 'zod';
import { CheckpointError, parseWithSchema, type ClassificationDataset, type Experience, type Rng, type StateDict } from '@avalanche-ts/core';
import { IndexedSamples, resolveSource } from './indexed-samples.js';
import { sourceKeyOf, type DatasetResolver, type StorageContext, type StoragePolicy } from './storage-policy.js';

export const maxSizeSchema = z.number().int().nonnegative();

interface Entry {
  readonly weight: number;
  readonly slot: number;
  readonly index: number;
}

const stateSchema = z.object({
  maxSize: maxSizeSchema,
  keys: z.array(z.string()),
  viewIndices: z.array(z.instanceof(Int32Array)),
  heapSlots: z.instanceof(Int32Array),
  heapIndices: z.instanceof(Int32Array),
  heapWeights: z.array(z.number()),
});

/**
 * Reservoir sampling (Vitter 1985) as in Avalanche's `ReservoirSamplingBuffer`: every sample that ever
 * arrives gets a uniform random weight w ~ U[0, 1), and the buffer keeps the `maxSize` samples with the
 * largest weights, so each sample seen so far is kept with the same probability.
 *
 * Unlike Avalanche, which re-sorts old and new weights together on every update, the weights sit in a
 * min-heap: adding n samples costs O(n log maxSize) and shrinking by k costs O(k log maxSize), whatever
 * the number of experiences seen.
 */
export class ReservoirSamplingBuffer implements StoragePolicy {
  readonly name = 'ReservoirSamplingBuffer';
  private max: number;
  private readonly samples = new IndexedSamples();
  /** Min-heap on weight: the root is the first sample to drop. */
  private heap: Entry[] = [];

  constructor(maxSize: number) {
    this.max = parseWithSchema(maxSizeSchema, maxSize, 'ReservoirSamplingBuffer.maxSize');
  }

  get maxSize(): number {
    return this.max;
  }

  get length(): number {
    return this.samples.length;
  }

  /** Grows with every change of the stored samples. */
  get version(): number {
    return this.samples.version;
  }

  get buffer(): ClassificationDataset | undefined {
    return this.samples.view();
  }

  update(experience: Experience, context: StorageContext): void {
    this.updateFromDataset(experience.dataset, sourceKeyOf(experience), context.rng);
  }

  /**
   * Offers the samples of `dataset` (only those at `indices`, when given) to the reservoir. `key` names
   * the dataset in checkpoints. One weight is drawn from `rng` per offered sample, in order.
   */
  updateFromDataset(dataset: ClassificationDataset, key: string, rng: Rng, indices?: ArrayLike<number>): void {
    const slot = this.samples.slot(key, dataset);
    const n = indices ? indices.length : dataset.length;
    for (let k = 0; k < n; k++) {
      const weight = rng.next();
      const index = indices ? indices[k] : k;
      if (this.heap.length < this.max) this.push({ weight, slot, index });
      else if (this.max > 0 && weight > this.heap[0].weight) {
        const dropped = this.replaceRoot({ weight, slot, index });
        this.samples.remove(dropped.slot, dropped.index);
      } else continue;
      this.samples.add(slot, index);
    }
  }

  resize(newSize: number, _context?: StorageContext): void {
    this.max = parseWithSchema(maxSizeSchema, newSize, 'ReservoirSamplingBuffer.resize(newSize)');
    while (this.heap.length > this.max) {
      const dropped = this.popRoot();
      this.samples.remove(dropped.slot, dropped.index);
    }
  }

  stateDict(): StateDict {
    return {
      maxSize: this.max,
      keys: this.samples.keys(),
      viewIndices: this.samples.indicesBySlot(),
      heapSlots: Int32Array.from(this.heap, (e) => e.slot),
      heapIndices: Int32Array.from(this.heap, (e) => e.index),
      // JSON numbers keep the float64 weights exactly, so a restored buffer drops the same samples.
      heapWeights: this.heap.map((e) => e.weight),
    };
  }

  loadStateDict(state: StateDict, resolve: DatasetResolver): void {
    const s = parseWithSchema(stateSchema, state, 'ReservoirSamplingBuffer state');
    if (s.keys.length !== s.viewIndices.length || s.heapSlots.length !== s.heapIndices.length || s.heapSlots.length !== s.heapWeights.length) {
      throw new CheckpointError('ReservoirSamplingBuffer state: keys/viewIndices or heap arrays have different lengths');
    }
    if (this.samples.length > 0) throw new CheckpointError('ReservoirSamplingBuffer: loadStateDict needs an empty buffer');
    this.max = s.maxSize;
    s.keys.forEach((key, slot) => {
      this.samples.slot(key, resolveSource(resolve, key, 'ReservoirSamplingBuffer'));
      for (const i of s.viewIndices[slot]) this.samples.add(slot, i);
    });
    this.heap = Array.from(s.heapSlots, (slot, k) => ({ slot, index: s.heapIndices[k], weight: s.heapWeights[k] }));
  }

  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].weight <= h[i].weight) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  private popRoot(): Entry {
    const h = this.heap;
    const root = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.siftDown(0);
    }
    return root;
  }

  private replaceRoot(entry: Entry): Entry {
    const root = this.heap[0];
    this.heap[0] = entry;
    this.siftDown(0);
    return root;
  }

  private siftDown(start: number): void {
    const h = this.heap;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l].weight < h[m].weight) m = l;
      if (r < h.length && h[r].weight < h[m].weight) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
}
