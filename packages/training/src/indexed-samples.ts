import { CheckpointError, type ClassificationDataset } from '@avalanche-ts/core';
import type { DatasetResolver } from './storage-policy.js';

interface Source {
  readonly key: string;
  readonly dataset: ClassificationDataset;
  /** Index into the dataset -> how many times it is stored (a sample seen twice may be stored twice). */
  readonly counts: Map<number, number>;
  size: number;
  /** The cached subset view; dropped when this source changes. */
  view: ClassificationDataset | undefined;
}

/**
 * A multiset of samples held as indices into source datasets, with a cached index view. Adding or
 * removing a sample costs O(1); building the view costs O(size) only for the sources that changed, so
 * buffers never copy sample data and never rebuild what did not change.
 */
export class IndexedSamples {
  private readonly sources: Source[] = [];
  private readonly slotOf = new Map<string, number>();
  private cachedView: ClassificationDataset | undefined;
  private dirty = false;
  private total = 0;
  private changes: number;

  /** `initialVersion` lets a replacement continue its predecessor's version count. */
  constructor(initialVersion = 0) {
    this.changes = initialVersion;
  }

  get length(): number {
    return this.total;
  }

  /** Grows by one with every change, so a holder can tell whether its cached views are stale. */
  get version(): number {
    return this.changes;
  }

  /** Registers a source dataset under `key` (the same key must always name the same data) and returns its slot. */
  slot(key: string, dataset: ClassificationDataset): number {
    const existing = this.slotOf.get(key);
    if (existing !== undefined) return existing;
    this.sources.push({ key, dataset, counts: new Map(), size: 0, view: undefined });
    this.slotOf.set(key, this.sources.length - 1);
    return this.sources.length - 1;
  }

  /** The dataset of a slot. */
  datasetOf(slot: number): ClassificationDataset {
    return this.sources[slot].dataset;
  }

  add(slot: number, index: number): void {
    const s = this.sources[slot];
    s.counts.set(index, (s.counts.get(index) ?? 0) + 1);
    s.size++;
    s.view = undefined;
    this.total++;
    this.changes++;
    this.dirty = true;
  }

  remove(slot: number, index: number): void {
    const s = this.sources[slot];
    const c = s.counts.get(index);
    if (c === undefined) return;
    if (c === 1) s.counts.delete(index);
    else s.counts.set(index, c - 1);
    s.size--;
    s.view = undefined;
    this.total--;
    this.changes++;
    this.dirty = true;
  }

  /** Every stored sample as one view: sources in registration order, each source's indices in insertion order. */
  view(): ClassificationDataset | undefined {
    if (!this.dirty) return this.cachedView;
    const parts: ClassificationDataset[] = [];
    for (const s of this.sources) {
      if (s.size === 0) continue;
      if (s.view === undefined) s.view = s.dataset.subset(indicesOf(s));
      parts.push(s.view);
    }
    this.cachedView = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : parts[0].concat(...parts.slice(1));
    this.dirty = false;
    return this.cachedView;
  }

  /** The keys of the registered sources, by slot. */
  keys(): string[] {
    return this.sources.map((s) => s.key);
  }

  /** Stored indices per source slot, in view order (duplicates repeated). */
  indicesBySlot(): Int32Array[] {
    return this.sources.map(indicesOf);
  }
}

function indicesOf(s: Source): Int32Array {
  const idx = new Int32Array(s.size);
  let k = 0;
  for (const [i, c] of s.counts) for (let r = 0; r < c; r++) idx[k++] = i;
  return idx;
}

/** Resolves a source key through `resolve`, with a CheckpointError naming the key when it cannot. */
export function resolveSource(resolve: DatasetResolver, key: string, where: string): ClassificationDataset {
  const dataset = resolve(key);
  if (dataset === undefined) {
    throw new CheckpointError(
      `${where}: the buffer refers to samples of "${key}" but no dataset is known for it; pass the stream it came from as the plugin's \`sources\` option`,
    );
  }
  return dataset;
}
