import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import { Module, type ForwardContext } from './module.js';

export interface NcmClassifierOptions {
  /** L2-normalise inputs before measuring distances (Avalanche default true). */
  readonly normalize?: boolean;
}

/**
 * Nearest-class-mean classifier (Mensink et al. 2013; iCaRL's classifier), as Avalanche's NCMClassifier:
 * the output for class c is -||x - mu_c||_2 (x L2-normalised when `normalize`), so argmax is the nearest
 * class mean. Means live in the `class_means` buffer [maxClass + 1, d] (classes without a mean are
 * zero vectors, as in Avalanche). Not trained by gradient: means are set by the strategy.
 */
export class NCMClassifier extends Module {
  readonly normalize: boolean;

  constructor(options: NcmClassifierOptions = {}) {
    super();
    this.normalize = options.normalize ?? true;
  }

  /** Number of classes with a slot (max class id + 1), 0 before any means are set. */
  get numClasses(): number {
    return this.hasMeans() ? this.buffer('class_means').shape[0] : 0;
  }

  private hasMeans(): boolean {
    return this.namedBuffers().length > 0;
  }

  call(x: tf.Tensor, _ctx?: ForwardContext): tf.Tensor2D {
    if (!this.hasMeans()) throw new ValidationError('NCMClassifier: no class means yet; call replaceClassMeans or updateClassMeans first');
    const flat = (x.rank === 2 ? x : x.reshape([x.shape[0], -1])) as tf.Tensor2D;
    const input = this.normalize ? tf.div(flat, tf.maximum(tf.norm(flat, 'euclidean', 1, true), 1e-12)) : flat;
    const means = this.buffer('class_means') as tf.Tensor2D;
    // ||x - m||^2 = ||x||^2 - 2 x·m + ||m||^2, clamped at 0 against rounding.
    const sq = tf.add(tf.sub(tf.sum(tf.square(input), 1, true), tf.mul(2, tf.matMul(input as tf.Tensor2D, means, false, true))), tf.sum(tf.square(means), 1));
    return tf.neg(tf.sqrt(tf.relu(sq))) as tf.Tensor2D;
  }

  /** Replaces all class means by `means` (class id → vector of length d). */
  replaceClassMeans(means: ReadonlyMap<number, ArrayLike<number>>): void {
    const rows = new Map<number, Float32Array>();
    for (const [c, v] of means) rows.set(c, Float32Array.from(v));
    this.setMeans(rows);
  }

  /**
   * Moves the stored mean of each class in `means` towards the new one: mu_c <- momentum * new + (1 - momentum) * mu_c
   * (classes seen for the first time take the new mean), as Avalanche's update_class_means_dict.
   */
  updateClassMeans(means: ReadonlyMap<number, ArrayLike<number>>, momentum = 0.5): void {
    const rows = this.currentMeans();
    for (const [c, v] of means) {
      const old = rows.get(c);
      rows.set(c, old ? Float32Array.from(v, (x, i) => momentum * x + (1 - momentum) * old[i]) : Float32Array.from(v));
    }
    this.setMeans(rows);
  }

  /** The stored means by class id (copies). */
  currentMeans(): Map<number, Float32Array> {
    const rows = new Map<number, Float32Array>();
    if (!this.hasMeans()) return rows;
    const buf = this.buffer('class_means');
    const [n, d] = buf.shape;
    const data = buf.dataSync() as Float32Array;
    for (let c = 0; c < n; c++) rows.set(c, data.slice(c * d, (c + 1) * d));
    return rows;
  }

  toLayers(): tf.SymbolicTensor {
    throw new ValidationError('NCMClassifier has no standard tf.layers equivalent (distances to class means); it cannot be exported');
  }

  /** A checkpoint's means load into an empty classifier: take their shape first. */
  protected override prepareLoad(state: Readonly<Record<string, tf.Tensor>>, prefix: string): void {
    const means = state[`${prefix}class_means`];
    if (means && (!this.hasMeans() || !tf.util.arraysEqual(means.shape, this.buffer('class_means').shape))) {
      const zeros = tf.zeros(means.shape);
      this.registerBuffer('class_means', tf.variable(zeros, false));
      zeros.dispose();
    }
  }

  private setMeans(rows: Map<number, Float32Array>): void {
    if (rows.size === 0) return;
    const d = [...rows.values()][0].length;
    for (const [c, v] of rows) {
      if (v.length !== d) throw new ValidationError(`NCMClassifier: mean of class ${c} has ${v.length} values, expected ${d}`);
    }
    const n = Math.max(...rows.keys()) + 1;
    const data = new Float32Array(n * d);
    for (const [c, v] of rows) data.set(v, c * d);
    const value = tf.tensor2d(data, [n, d]);
    this.registerBuffer('class_means', tf.variable(value, false));
    value.dispose();
  }
}
