import * as tf from '@tensorflow/tfjs';
import type { ClassificationDataset, GetBatchOptions, Minibatch, TransformGroupName } from '@avalanche-ts/core';

/**
 * A dataset view that carries one stored logit row per sample (DER's memory, Avalanche's
 * `ClassBalancedBufferWithLogits` data attribute): minibatches get `extras.logits` [batch, width].
 * `subset` and `concat` keep the rows aligned; rows of datasets stored with fewer outputs (a model that
 * grew since) are padded with NaN, which marks "no stored value" for the loss.
 */
export class LogitsDataset implements ClassificationDataset {
  constructor(
    readonly base: ClassificationDataset,
    /** Row-major logits, `base.length * width` values. */
    readonly logits: Float32Array,
    readonly width: number,
  ) {}

  get length(): number {
    return this.base.length;
  }

  get sampleShape(): readonly number[] {
    return this.base.sampleShape;
  }

  get targets(): Int32Array {
    return this.base.targets;
  }

  get taskLabels(): Int32Array {
    return this.base.taskLabels;
  }

  get transformGroup(): TransformGroupName {
    return this.base.transformGroup;
  }

  getBatch(indices: ArrayLike<number>, options?: GetBatchOptions): Minibatch {
    const batch = this.base.getBatch(indices, options);
    const rows = new Float32Array(indices.length * this.width);
    for (let k = 0; k < indices.length; k++) rows.set(this.logits.subarray(indices[k] * this.width, (indices[k] + 1) * this.width), k * this.width);
    return { ...batch, extras: { ...batch.extras, logits: tf.tensor2d(rows, [indices.length, this.width]) } };
  }

  subset(indices: ArrayLike<number>): LogitsDataset {
    const rows = new Float32Array(indices.length * this.width);
    for (let k = 0; k < indices.length; k++) rows.set(this.logits.subarray(indices[k] * this.width, (indices[k] + 1) * this.width), k * this.width);
    return new LogitsDataset(this.base.subset(indices), rows, this.width);
  }

  /** Keeps the logits when every other dataset carries them too; otherwise gives the plain concatenation. */
  concat(...others: ClassificationDataset[]): ClassificationDataset {
    if (!others.every((o): o is LogitsDataset => o instanceof LogitsDataset)) {
      return this.base.concat(...others.map((o) => (o instanceof LogitsDataset ? o.base : o)));
    }
    const all = [this, ...others];
    const width = Math.max(...all.map((d) => d.width));
    const rows = new Float32Array(all.reduce((n, d) => n + d.length, 0) * width).fill(NaN);
    let at = 0;
    for (const d of all) {
      for (let i = 0; i < d.length; i++) rows.set(d.logits.subarray(i * d.width, (i + 1) * d.width), (at + i) * width);
      at += d.length;
    }
    return new LogitsDataset(this.base.concat(...others.map((o) => o.base)), rows, width);
  }

  withTransformGroup(group: TransformGroupName): LogitsDataset {
    return new LogitsDataset(this.base.withTransformGroup(group), this.logits, this.width);
  }

  train(): LogitsDataset {
    return this.withTransformGroup('train');
  }

  eval(): LogitsDataset {
    return this.withTransformGroup('eval');
  }

  attribute(name: string): ArrayLike<number> | undefined {
    return name === 'logits' ? this.logits : this.base.attribute?.(name);
  }
}
