import * as tf from '@tensorflow/tfjs';
import type { ClassificationDataset, TransformGroupName } from '../classification-dataset.js';
import type { Minibatch } from '../minibatch.js';

/**
 * A minimal ClassificationDataset over a Float32Array (no transforms), for tests. Subsets and concats are
 * index views over the same arrays.
 */
export class InMemoryDataset implements ClassificationDataset {
  readonly targets: Int32Array;
  readonly taskLabels: Int32Array;

  constructor(
    private readonly data: Float32Array,
    readonly sampleShape: readonly number[],
    private readonly allTargets: Int32Array,
    private readonly allTaskLabels: Int32Array,
    private readonly indices?: Int32Array,
    readonly transformGroup: TransformGroupName = 'train',
  ) {
    this.targets = indices ? Int32Array.from(indices, (i) => allTargets[i]) : allTargets;
    this.taskLabels = indices ? Int32Array.from(indices, (i) => allTaskLabels[i]) : allTaskLabels;
  }

  get length(): number {
    return this.indices ? this.indices.length : this.allTargets.length;
  }

  private sampleSize(): number {
    return this.sampleShape.reduce((a, b) => a * b, 1);
  }

  private source(i: number): number {
    return this.indices ? this.indices[i] : i;
  }

  getBatch(indices: ArrayLike<number>): Minibatch {
    const size = this.sampleSize();
    const x = new Float32Array(indices.length * size);
    const y = new Int32Array(indices.length);
    const t = new Int32Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const s = this.source(indices[k]);
      x.set(this.data.subarray(s * size, (s + 1) * size), k * size);
      y[k] = this.allTargets[s];
      t[k] = this.allTaskLabels[s];
    }
    return {
      x: tf.tensor(x, [indices.length, ...this.sampleShape]),
      y: tf.tensor1d(y, 'int32'),
      taskLabels: tf.tensor1d(t, 'int32'),
    };
  }

  subset(indices: ArrayLike<number>): InMemoryDataset {
    const mapped = Int32Array.from(indices as ArrayLike<number>, (i) => this.source(i));
    return new InMemoryDataset(this.data, this.sampleShape, this.allTargets, this.allTaskLabels, mapped, this.transformGroup);
  }

  /** Test double: copies the samples (the library's real datasets concatenate as views). */
  concat(...others: ClassificationDataset[]): InMemoryDataset {
    const all = [this, ...others];
    const n = all.reduce((a, d) => a + d.length, 0);
    const size = this.sampleSize();
    const data = new Float32Array(n * size);
    const targets = new Int32Array(n);
    const tasks = new Int32Array(n);
    let offset = 0;
    for (const d of all) {
      if (d.length === 0) continue;
      const batch = d.getBatch(Int32Array.from({ length: d.length }, (_, i) => i));
      data.set(batch.x.dataSync() as Float32Array, offset * size);
      targets.set(batch.y.dataSync() as Int32Array, offset);
      tasks.set(batch.taskLabels.dataSync() as Int32Array, offset);
      batch.x.dispose();
      batch.y.dispose();
      batch.taskLabels.dispose();
      offset += d.length;
    }
    return new InMemoryDataset(data, this.sampleShape, targets, tasks, undefined, this.transformGroup);
  }

  withTransformGroup(group: TransformGroupName): InMemoryDataset {
    return new InMemoryDataset(this.data, this.sampleShape, this.allTargets, this.allTaskLabels, this.indices, group);
  }

  train(): InMemoryDataset {
    return this.withTransformGroup('train');
  }

  eval(): InMemoryDataset {
    return this.withTransformGroup('eval');
  }
}
