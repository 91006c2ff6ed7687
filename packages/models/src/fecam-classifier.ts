import * as tf from '@tensorflow/tfjs';
import { ValidationError, parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { Module, type ForwardContext } from './module.js';
import { symmetricPinv } from './symmetric-pinv.js';

export const fecamClassifierOptionsSchema = z
  .object({
    /** Apply Tukey's ladder of powers to features, x^tukey1 (log x when tukey1 is 0) (default true). */
    tukey: z.boolean().default(true),
    /** Shrink each covariance matrix (twice, as Avalanche does) (default true). */
    shrinkage: z.boolean().default(true),
    /** Weight of the diagonal shrinkage term (default 1). */
    shrink1: z.number().default(1),
    /** Weight of the off-diagonal shrinkage term (default 1). */
    shrink2: z.number().default(1),
    /** Tukey power (default 0.5). */
    tukey1: z.number().default(0.5),
    /** Normalise each covariance to a correlation matrix (default true). */
    covnorm: z.boolean().default(true),
  })
  .strict();
export type FecamClassifierOptions = z.input<typeof fecamClassifierOptionsSchema>;

/** Statistics by class id: vectors of length d, or row-major d × d matrices. */
export type ClassStatistics = ReadonlyMap<number, ArrayLike<number>>;

/**
 * FeCAM's classifier (Goswami et al., "FeCAM: Exploiting the Heterogeneity of Class Distributions in
 * Exemplar-Free Continual Learning", NeurIPS 2023), as Avalanche's `FeCAMClassifier`: like NCM but with a
 * Mahalanobis distance per class. With x̃ = x^tukey1 (when `tukey`), x̂ = x̃/‖x̃‖ and μ̂_c = μ_c/‖μ_c‖,
 *   output_c(x) = −(x̂ − μ̂_c)ᵀ Σ_c⁺ (x̂ − μ̂_c),
 * Σ_c⁺ the pseudo-inverse of the class covariance after {@link applyCovTransforms}. Means and covariances
 * are set by update plugins (means of Tukey-transformed features, see {@link applyTransforms}); classes
 * below the largest one without statistics act as a zero mean with identity covariance (Avalanche's
 * `init_missing_classes`). Buffers: `class_means` [C, d], `class_covs` and `class_inv_covs` [C, d, d]
 * (the pseudo-inverses are stored so a checkpoint loads without recomputing them). Not trained by gradient.
 */
export class FeCAMClassifier extends Module {
  readonly options: Readonly<z.output<typeof fecamClassifierOptionsSchema>>;

  constructor(options: FecamClassifierOptions = {}) {
    super();
    this.options = parseWithSchema(fecamClassifierOptionsSchema, options, 'FeCAMClassifier options');
  }

  /** Number of class slots (largest class with statistics + 1), 0 before any are set. */
  get numClasses(): number {
    return this.hasStatistics() ? this.buffer('class_means').shape[0] : 0;
  }

  call(x: tf.Tensor, _ctx?: ForwardContext): tf.Tensor2D {
    if (!this.hasStatistics()) throw new ValidationError('FeCAMClassifier: no class statistics yet; update its means and covariances first');
    const flat = (x.rank === 2 ? x : x.reshape([x.shape[0], -1])) as tf.Tensor2D;
    const xt = this.options.tukey ? this.tukeyTensor(flat) : flat;
    const xn = l2Normalize(xt);
    const means = l2Normalize(this.buffer('class_means') as tf.Tensor2D);
    const inv = this.buffer('class_inv_covs') as tf.Tensor3D;
    const c = means.shape[0];
    const diff = tf.sub(tf.expandDims(xn, 0), tf.expandDims(means, 1)) as tf.Tensor3D; // [C, B, d]
    const left = tf.matMul(diff, inv); // [C, B, d]
    const dist = tf.sum(tf.mul(left, diff), 2); // [C, B]
    return tf.neg(tf.transpose(dist.reshape([c, -1]))) as tf.Tensor2D;
  }

  /** Features as the statistics expect them: Tukey-transformed when `tukey` (a new array). */
  applyTransforms(features: ArrayLike<number>): Float32Array {
    const out = Float32Array.from(features);
    if (!this.options.tukey) return out;
    const p = this.options.tukey1;
    for (let i = 0; i < out.length; i++) out[i] = p === 0 ? Math.log(out[i]) : out[i] ** p;
    return out;
  }

  /** Avalanche's `apply_cov_transforms`: shrinkage (applied twice) then normalisation to correlations. */
  applyCovTransforms(covs: ClassStatistics, d: number): Map<number, Float64Array> {
    const out = new Map<number, Float64Array>();
    for (const [c, cov] of covs) {
      let m: Float64Array = Float64Array.from(cov);
      if (this.options.shrinkage) m = this.shrink(this.shrink(m, d), d);
      if (this.options.covnorm) {
        const sd = Float64Array.from({ length: d }, (_, i) => Math.sqrt(m[i * d + i]));
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) m[i * d + j] /= sd[i] * sd[j];
      }
      out.set(c, m);
    }
    return out;
  }

  /** The stored means by class id (copies; classes without statistics are absent). */
  currentMeans(): Map<number, Float32Array> {
    return this.rows('class_means', (v) => v.some((x) => x !== 0));
  }

  /** The stored covariances by class id (copies, row-major d × d). */
  currentCovs(): Map<number, Float32Array> {
    const means = this.currentMeans();
    return new Map([...this.rows('class_covs', () => true)].filter(([c]) => means.has(c)));
  }

  /**
   * Avalanche's `update_class_means_dict` and `update_class_cov_dict`: μ_c ← m·μ_new + (1 − m)·μ_c and
   * Σ_c ← m·Σ_new + (1 − m)·Σ_c with momentum m; classes without statistics (or with a zero mean) take the new ones.
   */
  updateStatistics(means: ClassStatistics, covs: ClassStatistics, momentum = 0.5): void {
    this.set(mix(this.currentMeans(), means, momentum), mix(this.currentCovs(), covs, momentum));
  }

  /** Avalanche's `replace_class_means_dict` and `replace_class_cov_dict`: the statistics become exactly these. */
  replaceStatistics(means: ClassStatistics, covs: ClassStatistics): void {
    this.set(toRows(means), toRows(covs));
  }

  toLayers(): tf.SymbolicTensor {
    throw new ValidationError('FeCAMClassifier has no standard tf.layers equivalent (Mahalanobis distances); it cannot be exported');
  }

  protected override prepareLoad(state: Readonly<Record<string, tf.Tensor>>, prefix: string): void {
    const own = new Map(this.namedBuffers());
    for (const name of ['class_means', 'class_covs', 'class_inv_covs']) {
      const t = state[`${prefix}${name}`];
      const current = own.get(name);
      if (t && (current === undefined || !tf.util.arraysEqual(t.shape, current.shape))) {
        const zeros = tf.zeros(t.shape);
        this.registerBuffer(name, tf.variable(zeros, false));
        zeros.dispose();
      }
    }
  }

  private hasStatistics(): boolean {
    return this.namedBuffers().length > 0;
  }

  private tukeyTensor(x: tf.Tensor2D): tf.Tensor2D {
    return (this.options.tukey1 === 0 ? tf.log(x) : tf.pow(x, this.options.tukey1)) as tf.Tensor2D;
  }

  private shrink(cov: Float64Array, d: number): Float64Array {
    let diag = 0;
    let off = 0;
    let nOff = 0;
    for (let i = 0; i < d; i++) {
      diag += cov[i * d + i] / d;
      for (let j = 0; j < d; j++) {
        if (i !== j && cov[i * d + j] !== 0) {
          off += cov[i * d + j];
          nOff++;
        }
      }
    }
    const offMean = off / nOff;
    return cov.map((v, k) => (Math.floor(k / d) === k % d ? v + this.options.shrink1 * diag : v + this.options.shrink2 * offMean));
  }

  private rows(name: string, keep: (row: Float32Array) => boolean): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    if (!this.hasStatistics()) return out;
    const buf = this.buffer(name);
    const n = buf.shape[0];
    const size = buf.size / n;
    const data = buf.dataSync() as Float32Array;
    for (let c = 0; c < n; c++) {
      const row = data.slice(c * size, (c + 1) * size);
      if (keep(row)) out.set(c, row);
    }
    return out;
  }

  private set(means: Map<number, Float32Array>, covs: Map<number, Float32Array>): void {
    if (means.size === 0) return;
    const d = [...means.values()][0].length;
    for (const [c, m] of means) if (m.length !== d) throw new ValidationError(`FeCAMClassifier: mean of class ${c} has ${m.length} values, expected ${d}`);
    for (const [c, m] of covs) if (m.length !== d * d) throw new ValidationError(`FeCAMClassifier: covariance of class ${c} has ${m.length} values, expected ${d * d}`);
    const n = Math.max(...means.keys(), ...covs.keys()) + 1;
    const meanData = new Float32Array(n * d);
    const covData = new Float32Array(n * d * d);
    const invData = new Float32Array(n * d * d);
    const previous = this.hasStatistics() && this.buffer('class_covs').shape[1] === d ? this.rows('class_covs', () => true) : new Map<number, Float32Array>();
    const previousInv = previous.size > 0 ? this.rows('class_inv_covs', () => true) : new Map<number, Float32Array>();
    for (let c = 0; c < n; c++) {
      const m = means.get(c);
      const cov = covs.get(c);
      if (m) meanData.set(m, c * d);
      if (m && cov) {
        covData.set(cov, c * d * d);
        const old = previous.get(c);
        const same = old !== undefined && old.every((v, k) => v === cov[k]);
        invData.set(same ? previousInv.get(c)! : symmetricPinv(cov, d), c * d * d);
      } else {
        for (let i = 0; i < d; i++) {
          covData[c * d * d + i * d + i] = 1;
          invData[c * d * d + i * d + i] = 1;
        }
      }
    }
    const register = (name: string, data: Float32Array, shape: number[]) => {
      const value = tf.tensor(data, shape);
      this.registerBuffer(name, tf.variable(value, false));
      value.dispose();
    };
    register('class_means', meanData, [n, d]);
    register('class_covs', covData, [n, d, d]);
    register('class_inv_covs', invData, [n, d, d]);
  }
}

function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
}

function toRows(stats: ClassStatistics): Map<number, Float32Array> {
  return new Map([...stats].map(([c, v]) => [c, Float32Array.from(v)]));
}

function mix(current: Map<number, Float32Array>, next: ClassStatistics, momentum: number): Map<number, Float32Array> {
  if (!(momentum >= 0 && momentum <= 1)) throw new ValidationError(`FeCAMClassifier: momentum must be in [0, 1], got ${momentum}`);
  const out = new Map(current);
  for (const [c, v] of next) {
    const old = current.get(c);
    out.set(c, old && old.some((x) => x !== 0) ? Float32Array.from(v, (x, i) => momentum * x + (1 - momentum) * old[i]) : Float32Array.from(v));
  }
  return out;
}
