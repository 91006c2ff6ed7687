import { z } from 'zod';
import { CheckpointError, parseWithSchema, type ClassificationDataset, type Experience, type StateDict } from '@avalanche-ts/core';
import { groupLengths, type DatasetResolver, type StorageContext, type StoragePolicy } from './storage-policy.js';

/** One group's memory inside a balanced buffer (a reservoir, or a parametric single buffer). */
export interface GroupBuffer {
  readonly length: number;
  readonly maxSize: number;
  readonly version: number;
  readonly buffer: ClassificationDataset | undefined;
  resize(newSize: number, context: StorageContext): void;
  stateDict(): StateDict;
  loadStateDict(state: StateDict, resolve: DatasetResolver): void;
}

const stateSchema = z.object({
  maxSize: z.number().int().nonnegative(),
  groupIds: z.array(z.number().int()),
  groups: z.array(z.record(z.unknown())),
  extra: z.record(z.unknown()),
});

/**
 * Avalanche's `BalancedExemplarsBuffer`: the memory is split into groups (experiences, classes, tasks),
 * each with its own buffer, and capacity is shared between groups by {@link groupLengths}. The view
 * is the groups' views concatenated in the order the groups appeared; it is rebuilt only when a group
 * changed.
 */
export abstract class BalancedExemplarsBuffer<G extends GroupBuffer> implements StoragePolicy {
  abstract readonly name: string;
  protected readonly groups = new Map<number, G>();
  private cachedView: ClassificationDataset | undefined;
  private cachedVersion = -1;

  protected constructor(
    protected max: number,
    readonly adaptiveSize: boolean,
    readonly totalNumGroups: number | undefined,
  ) {}

  get maxSize(): number {
    return this.max;
  }

  get length(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.length;
    return n;
  }

  /** The buffers of the groups, by group id (experience index, class, task). */
  get bufferGroups(): ReadonlyMap<number, G> {
    return this.groups;
  }

  get buffer(): ClassificationDataset | undefined {
    // Versions only grow, so their sum changes whenever some group changed.
    let version = this.groups.size;
    for (const g of this.groups.values()) version += g.version;
    if (version === this.cachedVersion) return this.cachedView;
    const parts: ClassificationDataset[] = [];
    for (const g of this.groups.values()) {
      const view = g.buffer;
      if (view !== undefined && view.length > 0) parts.push(view);
    }
    this.cachedView = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : parts[0].concat(...parts.slice(1));
    this.cachedVersion = version;
    return this.cachedView;
  }

  /** Capacity of each of `nGroups` groups. */
  getGroupLengths(nGroups: number): number[] {
    return groupLengths(this.max, nGroups, this.adaptiveSize, this.totalNumGroups);
  }

  abstract update(experience: Experience, context: StorageContext): void;

  resize(newSize: number, context: StorageContext): void {
    this.max = parseWithSchema(z.number().int().nonnegative(), newSize, `${this.name}.resize(newSize)`);
    const lens = this.getGroupLengths(this.groups.size);
    let k = 0;
    for (const g of this.groups.values()) g.resize(lens[k++], context);
  }

  stateDict(): StateDict {
    return {
      maxSize: this.max,
      groupIds: [...this.groups.keys()],
      groups: [...this.groups.values()].map((g) => g.stateDict()),
      extra: this.extraState(),
    };
  }

  loadStateDict(state: StateDict, resolve: DatasetResolver): void {
    const s = parseWithSchema(stateSchema, state, `${this.name} state`);
    if (s.groupIds.length !== s.groups.length) throw new CheckpointError(`${this.name} state: ${s.groupIds.length} group ids for ${s.groups.length} groups`);
    this.max = s.maxSize;
    this.groups.clear();
    s.groupIds.forEach((id, k) => {
      const group = this.makeGroup(0);
      group.loadStateDict(s.groups[k] as StateDict, resolve);
      this.groups.set(id, group);
    });
    this.loadExtraState(s.extra);
    this.cachedVersion = -1;
  }

  /** A new, empty group buffer of capacity `size`. */
  protected abstract makeGroup(size: number): G;

  /** Policy-specific state (seen classes, experience count). */
  protected extraState(): Record<string, number | number[]> {
    return {};
  }

  protected loadExtraState(_extra: Record<string, unknown>): void {}
}
