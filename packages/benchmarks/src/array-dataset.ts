import * as tf from '@tensorflow/tfjs';
import {
  Rng,
  ValidationError,
  type ClassificationDataset,
  type GetBatchOptions,
  type Minibatch,
  type TransformGroupName,
} from '@avalanche-ts/core';
import type { SampleStore } from './sample-store.js';
import { transformGroups as makeGroups, type SampleTransform, type TransformGroups } from './sample-transform.js';

/** An extra per-sample attribute: `width` numbers per sample, optionally added to every minibatch. */
export interface DataAttribute {
  readonly values: Float32Array | Int32Array;
  /** Numbers per sample (1 for a scalar attribute). */
  readonly width: number;
  /** When true, minibatches carry it in `extras[name]` as a [batch, width] (or [batch]) tensor. */
  readonly inBatch: boolean;
}

/** One source of samples together with the transforms that travel with it through subsets and concats. */
interface Part {
  readonly store: SampleStore;
  readonly frozen: readonly SampleTransform[];
  readonly groups: TransformGroups;
}

interface State {
  readonly parts: readonly Part[];
  /** For every sample: which part, and which row of that part's store. */
  readonly partOf: Int32Array;
  readonly rowOf: Int32Array;
  readonly targets: Int32Array;
  readonly taskLabels: Int32Array;
  readonly attributes: Readonly<Record<string, DataAttribute>>;
  readonly group: TransformGroupName;
  readonly sampleShape: readonly number[];
  /** Used when getBatch gets no rng: shared by every view of one dataset, so draws never repeat. */
  readonly fallbackRng: Rng;
}

/** Options of {@link ArrayDataset.fromStore}. */
export interface ArrayDatasetOptions {
  /** Task label of every sample (an array) or of all samples (a number); default 0. */
  readonly taskLabels?: ArrayLike<number> | number;
  /** Transform groups (a missing `eval` copies `train`). */
  readonly transformGroups?: Readonly<Record<string, readonly SampleTransform[]>>;
  /** Transforms that always run first, whatever the group, and survive every transform change. */
  readonly frozenTransforms?: readonly SampleTransform[];
  /** The group in use at the start (default 'train'). */
  readonly initialGroup?: TransformGroupName;
  /** Extra per-sample attributes. */
  readonly attributes?: Readonly<Record<string, DataAttribute>>;
}

/**
 * A classification dataset over typed arrays: inputs live in {@link SampleStore}s (uint8 images stay
 * uint8), targets and task labels in Int32Arrays. `subset` and `concat` build index views (a part and a
 * row per sample), so experiences, validation splits and replay buffers never copy pixel data.
 * Transform groups (Avalanche's TransformGroups) and frozen transforms travel with each source.
 */
export class ArrayDataset implements ClassificationDataset {
  private constructor(private readonly s: State) {}

  /** A dataset over every sample of `store`, with one class target per sample. */
  static fromStore(store: SampleStore, targets: ArrayLike<number>, options: ArrayDatasetOptions = {}): ArrayDataset {
    const n = store.length;
    if (targets.length !== n) {
      throw new ValidationError(`dataset has ${n} samples but ${targets.length} targets`);
    }
    const tasks = new Int32Array(n);
    if (typeof options.taskLabels === 'number') tasks.fill(options.taskLabels);
    else if (options.taskLabels) {
      if (options.taskLabels.length !== n) throw new ValidationError(`dataset has ${n} samples but ${options.taskLabels.length} task labels`);
      tasks.set(options.taskLabels);
    }
    const attributes = options.attributes ?? {};
    for (const [name, attr] of Object.entries(attributes)) checkAttribute(name, attr, n);
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
    return new ArrayDataset({
      parts: [{ store, frozen: options.frozenTransforms ?? [], groups: makeGroups({ ...(options.transformGroups ?? {}) }) }],
      partOf: new Int32Array(n),
      rowOf: rows,
      targets: Int32Array.from(targets),
      taskLabels: tasks,
      attributes,
      group: options.initialGroup ?? 'train',
      sampleShape: store.sampleShape,
      fallbackRng: new Rng(0),
    });
  }

  /** Wraps any ClassificationDataset (its own transforms still apply); an ArrayDataset is returned as is. */
  static from(dataset: ClassificationDataset): ArrayDataset {
    if (dataset instanceof ArrayDataset) return dataset;
    return ArrayDataset.fromStore(new ForeignStore(dataset), dataset.targets, { taskLabels: dataset.taskLabels });
  }

  get length(): number {
    return this.s.targets.length;
  }
  get sampleShape(): readonly number[] {
    return this.s.sampleShape;
  }
  get targets(): Int32Array {
    return this.s.targets;
  }
  get taskLabels(): Int32Array {
    return this.s.taskLabels;
  }
  get transformGroup(): TransformGroupName {
    return this.s.group;
  }
  /** Names of the extra per-sample attributes. */
  get attributeNames(): string[] {
    return Object.keys(this.s.attributes);
  }
  /** Bytes of input data this dataset reads from (shared with every view of the same stores). */
  get storeBytes(): number {
    return this.s.parts.reduce((a, p) => a + p.store.byteLength, 0);
  }

  attribute(name: string): ArrayLike<number> | undefined {
    return this.s.attributes[name]?.values;
  }

  /**
   * Builds one minibatch: x float32 [n, ...sampleShape] after frozen then group transforms, y and
   * taskLabels int32 [n], extras for attributes marked `inBatch`. One tensor per field.
   */
  getBatch(indices: ArrayLike<number>, options: GetBatchOptions = {}): Minibatch {
    const { s } = this;
    const n = indices.length;
    const size = s.sampleShape.reduce((a, b) => a * b, 1);
    const x = new Float32Array(n * size);
    const y = new Int32Array(n);
    const t = new Int32Array(n);
    const scratch = new Float32Array(size);
    const rng = options.rng ?? s.fallbackRng;
    for (let k = 0; k < n; k++) {
      const idx = indices[k];
      if (!Number.isInteger(idx) || idx < 0 || idx >= s.targets.length) {
        throw new ValidationError(`getBatch: index ${idx} is out of range for a dataset of ${s.targets.length} samples`);
      }
      const part = s.parts[s.partOf[idx]];
      const sample = x.subarray(k * size, (k + 1) * size);
      part.store.readInto(s.rowOf[idx], sample);
      for (const tr of part.frozen) tr.apply(sample, s.sampleShape, rng, scratch);
      const group = part.groups[s.group];
      if (group) for (const tr of group) tr.apply(sample, s.sampleShape, rng, scratch);
      y[k] = s.targets[idx];
      t[k] = s.taskLabels[idx];
    }
    const extras: Record<string, tf.Tensor> = {};
    for (const [name, attr] of Object.entries(s.attributes)) {
      if (!attr.inBatch) continue;
      const out = attr.values instanceof Int32Array ? new Int32Array(n * attr.width) : new Float32Array(n * attr.width);
      for (let k = 0; k < n; k++) out.set(attr.values.subarray(indices[k] * attr.width, (indices[k] + 1) * attr.width), k * attr.width);
      extras[name] = tf.tensor(out, attr.width === 1 ? [n] : [n, attr.width], out instanceof Int32Array ? 'int32' : 'float32');
    }
    return {
      x: tf.tensor(x, [n, ...s.sampleShape], 'float32'),
      y: tf.tensor1d(y, 'int32'),
      taskLabels: tf.tensor1d(t, 'int32'),
      ...(Object.keys(extras).length > 0 ? { extras } : {}),
    };
  }

  subset(indices: ArrayLike<number>): ArrayDataset {
    const { s } = this;
    const n = indices.length;
    const partOf = new Int32Array(n);
    const rowOf = new Int32Array(n);
    const targets = new Int32Array(n);
    const tasks = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = indices[k];
      if (!Number.isInteger(i) || i < 0 || i >= s.targets.length) {
        throw new ValidationError(`subset: index ${i} is out of range for a dataset of ${s.targets.length} samples`);
      }
      partOf[k] = s.partOf[i];
      rowOf[k] = s.rowOf[i];
      targets[k] = s.targets[i];
      tasks[k] = s.taskLabels[i];
    }
    const attributes: Record<string, DataAttribute> = {};
    for (const [name, attr] of Object.entries(s.attributes)) {
      const values = attr.values instanceof Int32Array ? new Int32Array(n * attr.width) : new Float32Array(n * attr.width);
      for (let k = 0; k < n; k++) values.set(attr.values.subarray(indices[k] * attr.width, (indices[k] + 1) * attr.width), k * attr.width);
      attributes[name] = { ...attr, values };
    }
    return new ArrayDataset({ ...s, partOf, rowOf, targets, taskLabels: tasks, attributes });
  }

  /**
   * This dataset followed by `others`. Attributes are kept when every dataset has them; the active
   * transform group is this dataset's. Sources (and their transforms) are shared, not copied.
   */
  concat(...others: ClassificationDataset[]): ArrayDataset {
    const all = [this as ArrayDataset, ...others.map((d) => ArrayDataset.from(d))];
    for (const d of all) {
      if (d.sampleShape.join(',') !== this.sampleShape.join(',')) {
        throw new ValidationError(`concat: sample shape [${d.sampleShape.join(', ')}] differs from [${this.sampleShape.join(', ')}]`);
      }
    }
    const parts: Part[] = [];
    const partIndex = new Map<Part, number>();
    const n = all.reduce((a, d) => a + d.length, 0);
    const partOf = new Int32Array(n);
    const rowOf = new Int32Array(n);
    const targets = new Int32Array(n);
    const tasks = new Int32Array(n);
    let offset = 0;
    for (const d of all) {
      const remap = d.s.parts.map((p) => {
        let id = partIndex.get(p);
        if (id === undefined) {
          id = parts.length;
          parts.push(p);
          partIndex.set(p, id);
        }
        return id;
      });
      for (let i = 0; i < d.length; i++) partOf[offset + i] = remap[d.s.partOf[i]];
      rowOf.set(d.s.rowOf, offset);
      targets.set(d.s.targets, offset);
      tasks.set(d.s.taskLabels, offset);
      offset += d.length;
    }
    const attributes: Record<string, DataAttribute> = {};
    for (const [name, attr] of Object.entries(this.s.attributes)) {
      if (!all.every((d) => d.s.attributes[name]?.width === attr.width)) continue;
      const values = attr.values instanceof Int32Array ? new Int32Array(n * attr.width) : new Float32Array(n * attr.width);
      let at = 0;
      for (const d of all) {
        values.set(d.s.attributes[name].values, at);
        at += d.s.attributes[name].values.length;
      }
      attributes[name] = { ...attr, values };
    }
    return new ArrayDataset({ ...this.s, parts, partOf, rowOf, targets, taskLabels: tasks, attributes });
  }

  withTransformGroup(group: TransformGroupName): ArrayDataset {
    return new ArrayDataset({ ...this.s, group });
  }
  train(): ArrayDataset {
    return this.withTransformGroup('train');
  }
  eval(): ArrayDataset {
    return this.withTransformGroup('eval');
  }

  /** The same samples with `transforms` as group `group` (default: the current group) of every source. */
  withTransforms(transforms: readonly SampleTransform[], group: TransformGroupName = this.s.group): ArrayDataset {
    return this.mapParts((p) => ({ ...p, groups: { ...p.groups, [group]: transforms } }));
  }

  /** The same samples with `transforms` appended to the frozen transforms (they run before any group). */
  withFrozenTransforms(transforms: readonly SampleTransform[]): ArrayDataset {
    return this.mapParts((p) => ({ ...p, frozen: [...p.frozen, ...transforms] }));
  }

  /** Makes the current group's transforms frozen and empties every group (Avalanche's freeze_transforms). */
  freezeTransforms(): ArrayDataset {
    const group = this.s.group;
    return this.mapParts((p) => ({
      ...p,
      frozen: [...p.frozen, ...(p.groups[group] ?? [])],
      groups: Object.fromEntries(Object.keys(p.groups).map((g) => [g, []])),
    }));
  }

  /** The same samples with new class targets (used for class-ID remapping). */
  withTargets(targets: ArrayLike<number>): ArrayDataset {
    if (targets.length !== this.length) throw new ValidationError(`withTargets: got ${targets.length} targets for ${this.length} samples`);
    return new ArrayDataset({ ...this.s, targets: Int32Array.from(targets) });
  }

  /** The same samples with new task labels: one per sample, or one number for all. */
  withTaskLabels(taskLabels: ArrayLike<number> | number): ArrayDataset {
    const tasks = new Int32Array(this.length);
    if (typeof taskLabels === 'number') tasks.fill(taskLabels);
    else {
      if (taskLabels.length !== this.length) throw new ValidationError(`withTaskLabels: got ${taskLabels.length} task labels for ${this.length} samples`);
      tasks.set(taskLabels);
    }
    return new ArrayDataset({ ...this.s, taskLabels: tasks });
  }

  /** The same samples with an extra per-sample attribute (replaced when the name exists). */
  withAttribute(name: string, values: ArrayLike<number>, options: { width?: number; inBatch?: boolean; dtype?: 'float32' | 'int32' } = {}): ArrayDataset {
    const width = options.width ?? 1;
    const typed = options.dtype === 'int32' || (options.dtype === undefined && values instanceof Int32Array) ? Int32Array.from(values) : Float32Array.from(values);
    const attr: DataAttribute = { values: typed, width, inBatch: options.inBatch ?? false };
    checkAttribute(name, attr, this.length);
    return new ArrayDataset({ ...this.s, attributes: { ...this.s.attributes, [name]: attr } });
  }

  private mapParts(f: (p: Part) => Part): ArrayDataset {
    return new ArrayDataset({ ...this.s, parts: this.s.parts.map(f) });
  }
}

function checkAttribute(name: string, attr: DataAttribute, n: number): void {
  if (!Number.isInteger(attr.width) || attr.width < 1 || attr.values.length !== n * attr.width) {
    throw new ValidationError(`attribute "${name}" has ${attr.values.length} values; expected ${n} samples x width ${attr.width}`);
  }
}

/** Reads samples of a dataset that is not an ArrayDataset through its own getBatch (slow path, correct). */
class ForeignStore implements SampleStore {
  readonly byteLength = 0;
  constructor(private readonly dataset: ClassificationDataset) {}
  get length(): number {
    return this.dataset.length;
  }
  get sampleShape(): readonly number[] {
    return this.dataset.sampleShape;
  }
  readInto(index: number, out: Float32Array): void {
    const batch = this.dataset.getBatch([index]);
    try {
      out.set(batch.x.dataSync() as Float32Array);
    } finally {
      batch.x.dispose();
      batch.y.dispose();
      batch.taskLabels.dispose();
      if (batch.extras) for (const e of Object.values(batch.extras)) e.dispose();
    }
  }
}
