import { z } from 'zod';
import { CheckpointError, parseWithSchema, type ClassificationDataset, type Experience, type StateDict } from '@avalanche-ts/core';
import { BalancedExemplarsBuffer, type GroupBuffer } from './balanced-exemplars-buffer.js';
import { randomSelection, type ExemplarsSelectionStrategy } from './exemplars-selection-strategy.js';
import { IndexedSamples, resolveSource } from './indexed-samples.js';
import { sourceKeyOf, type DatasetResolver, type StorageContext } from './storage-policy.js';

export const parametricBufferOptionsSchema = z
  .object({
    maxSize: z.number().int().nonnegative(),
    /** How samples are grouped (default: one group). */
    groupBy: z.enum(['class', 'task', 'experience']).optional(),
    /** Ranks each group's samples (default: random). */
    selectionStrategy: z.custom<ExemplarsSelectionStrategy>((v) => typeof (v as ExemplarsSelectionStrategy)?.makeSortedIndices === 'function', {
      message: 'expected an ExemplarsSelectionStrategy (randomSelection(), herdingSelection(), closestToCenterSelection())',
    }).optional(),
  })
  .strict();
export type ParametricBufferOptions = z.input<typeof parametricBufferOptionsSchema>;

/**
 * Avalanche's `ParametricBuffer`: samples are grouped (by class, task, experience, or not at all), the
 * capacity is shared between groups as in every balanced buffer, and each group keeps the top-ranked
 * samples of its old and new samples by a selection strategy (random, herding, closest-to-center).
 */
export class ParametricBuffer extends BalancedExemplarsBuffer<ParametricGroupBuffer> {
  readonly name = 'ParametricBuffer';
  readonly groupBy: 'class' | 'task' | 'experience' | undefined;
  readonly selectionStrategy: ExemplarsSelectionStrategy;
  private readonly seenGroups = new Set<number>();

  constructor(options: ParametricBufferOptions) {
    const o = parseWithSchema(parametricBufferOptionsSchema, options, 'ParametricBuffer options');
    super(o.maxSize, true, undefined);
    this.groupBy = o.groupBy;
    this.selectionStrategy = o.selectionStrategy ?? randomSelection();
  }

  update(experience: Experience, context: StorageContext): void {
    const newGroups = this.makeGroups(experience);
    for (const g of newGroups.keys()) this.seenGroups.add(g);
    const seen = [...this.seenGroups].sort((a, b) => a - b);
    const lens = this.getGroupLengths(seen.length);
    const lenOf = new Map(seen.map((g, k) => [g, lens[k]]));
    const key = sourceKeyOf(experience);
    for (const [id, indices] of newGroups) {
      let group = this.groups.get(id);
      if (!group) {
        group = this.makeGroup(lenOf.get(id)!);
        this.groups.set(id, group);
      }
      group.updateFromDataset(experience.dataset, key, indices, lenOf.get(id)!, context);
    }
    for (const [id, g] of this.groups) g.resize(lenOf.get(id)!, context);
  }

  protected makeGroup(size: number): ParametricGroupBuffer {
    return new ParametricGroupBuffer(size, this.selectionStrategy);
  }

  protected override extraState(): Record<string, number[]> {
    return { seenGroups: [...this.seenGroups].sort((a, b) => a - b) };
  }

  protected override loadExtraState(extra: Record<string, unknown>): void {
    const groups = parseWithSchema(z.array(z.number().int()), extra.seenGroups, 'ParametricBuffer state.extra.seenGroups');
    this.seenGroups.clear();
    for (const g of groups) this.seenGroups.add(g);
  }

  private makeGroups(experience: Experience): Map<number, number[]> {
    const n = experience.dataset.length;
    const all = () => Array.from({ length: n }, (_, i) => i);
    if (this.groupBy === undefined) return new Map([[0, all()]]);
    if (this.groupBy === 'experience') return new Map([[experience.currentExperience, all()]]);
    const labels = this.groupBy === 'class' ? experience.dataset.targets : experience.dataset.taskLabels;
    const out = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const list = out.get(labels[i]);
      if (list) list.push(i);
      else out.set(labels[i], [i]);
    }
    return new Map([...out].sort((a, b) => a[0] - b[0]));
  }
}

const groupStateSchema = z.object({
  maxSize: z.number().int().nonnegative(),
  keys: z.array(z.string()),
  viewIndices: z.array(z.instanceof(Int32Array)),
});

/**
 * One group of a {@link ParametricBuffer} (Avalanche's `_ParametricSingleBuffer`): new samples join the
 * stored ones and the selection strategy keeps the best `maxSize`. Shrinking re-ranks with the current
 * model as Avalanche does; a resize that drops nothing does no work.
 */
export class ParametricGroupBuffer implements GroupBuffer {
  private samples = new IndexedSamples();
  private max: number;

  constructor(
    maxSize: number,
    readonly selectionStrategy: ExemplarsSelectionStrategy,
  ) {
    this.max = maxSize;
  }

  get maxSize(): number {
    return this.max;
  }

  get length(): number {
    return this.samples.length;
  }

  get version(): number {
    return this.samples.version;
  }

  get buffer(): ClassificationDataset | undefined {
    return this.samples.view();
  }

  /** Ranks the new samples (`indices` of `dataset`) together with the stored ones and keeps the top `newSize`. */
  updateFromDataset(dataset: ClassificationDataset, key: string, indices: readonly number[], newSize: number, context: StorageContext): void {
    const candidates: Array<{ key: string; dataset: ClassificationDataset; index: number }> = indices.map((index) => ({ key, dataset, index }));
    const keys = this.samples.keys();
    this.samples.indicesBySlot().forEach((idx, slot) => {
      const ds = this.samples.datasetOf(slot);
      for (const index of idx) candidates.push({ key: keys[slot], dataset: ds, index });
    });
    this.max = newSize;
    this.select(candidates, context);
  }

  resize(newSize: number, context: StorageContext): void {
    this.max = newSize;
    if (this.samples.length <= newSize) return;
    const keys = this.samples.keys();
    const candidates: Array<{ key: string; dataset: ClassificationDataset; index: number }> = [];
    this.samples.indicesBySlot().forEach((idx, slot) => {
      const ds = this.samples.datasetOf(slot);
      for (const index of idx) candidates.push({ key: keys[slot], dataset: ds, index });
    });
    this.select(candidates, context);
  }

  stateDict(): StateDict {
    return { maxSize: this.max, keys: this.samples.keys(), viewIndices: this.samples.indicesBySlot() };
  }

  loadStateDict(state: StateDict, resolve: DatasetResolver): void {
    const s = parseWithSchema(groupStateSchema, state, 'ParametricGroupBuffer state');
    if (s.keys.length !== s.viewIndices.length) throw new CheckpointError('ParametricGroupBuffer state: keys and viewIndices differ in length');
    this.max = s.maxSize;
    this.samples = new IndexedSamples();
    s.keys.forEach((key, slot) => {
      this.samples.slot(key, resolveSource(resolve, key, 'ParametricGroupBuffer'));
      for (const i of s.viewIndices[slot]) this.samples.add(slot, i);
    });
  }

  private select(candidates: Array<{ key: string; dataset: ClassificationDataset; index: number }>, context: StorageContext): void {
    // When everything fits nothing is dropped, so ranking (and its random draws) is skipped.
    const kept = candidates.length <= this.max ? candidates : this.rank(candidates, context);
    // Stored per source (old sources first) in ascending index order, so the view is one subset per source.
    const sourceRank = new Map<string, number>();
    for (const key of this.samples.keys()) sourceRank.set(key, sourceRank.size);
    for (const c of candidates) if (!sourceRank.has(c.key)) sourceRank.set(c.key, sourceRank.size);
    const sorted = [...kept].sort((a, b) => sourceRank.get(a.key)! - sourceRank.get(b.key)! || a.index - b.index);
    // Versions keep growing across the replacement, so the parent's cached view notices the change.
    const next = new IndexedSamples(this.samples.version + 1);
    for (const c of sorted) next.add(next.slot(c.key, c.dataset), c.index);
    this.samples = next;
  }

  private rank(candidates: Array<{ key: string; dataset: ClassificationDataset; index: number }>, context: StorageContext) {
    if (candidates.length === 0) return candidates;
    const view = viewOf(candidates);
    const order = this.selectionStrategy.makeSortedIndices(view, context, Math.min(this.max, candidates.length));
    return Array.from(order.subarray(0, Math.min(this.max, order.length)), (i) => candidates[i]);
  }
}

/** One dataset view over candidates, built from runs of the same source. */
function viewOf(candidates: ReadonlyArray<{ dataset: ClassificationDataset; index: number }>): ClassificationDataset {
  const parts: ClassificationDataset[] = [];
  let start = 0;
  for (let i = 1; i <= candidates.length; i++) {
    if (i === candidates.length || candidates[i].dataset !== candidates[start].dataset) {
      parts.push(candidates[start].dataset.subset(candidates.slice(start, i).map((c) => c.index)));
      start = i;
    }
  }
  return parts.length === 1 ? parts[0] : parts[0].concat(...parts.slice(1));
}
