import * as tf from '@tensorflow/tfjs';
import { CheckpointError, StrategyError, type ContinualModel, type ForwardOptions } from '@avalanche-ts/core';
import { symmetricPinv } from '@avalanche-ts/models';

/** Which output of the fixed extractor SLDA works on: its output (Avalanche's default) or its penultimate features. */
export type SldaFeatureLayer = 'output' | 'features';

export interface StreamingLdaModelOptions {
  /** The fixed feature extractor; undefined: the flattened inputs are the features. */
  readonly extractor?: ContinualModel;
  readonly featureLayer: SldaFeatureLayer;
  readonly inputSize: number;
  readonly numClasses: number;
  readonly shrinkageParam: number;
  readonly streamingUpdateSigma: boolean;
}

/**
 * Deep Streaming LDA's classifier (Hayes & Kanan, "Lifelong Machine Learning with Deep Streaming Linear
 * Discriminant Analysis", CVPR Workshops 2020), as the state of Avalanche's `StreamingLDA`: class means μ_k,
 * counts c_k, a shared covariance Σ (initialised to ones, as Avalanche does) and the number of updates n.
 * For a sample (x, y): Σ ← (n·Σ + n/(n+1)·(x − μ_y)(x − μ_y)ᵀ)/(n + 1) (when `streamingUpdateSigma`), then
 * μ_y ← μ_y + (x − μ_y)/(c_y + 1), c_y += 1, n += 1. Scores: with Λ = ((1 − ε)Σ + εI)⁻¹ (ε the shrinkage),
 * W = Λ M and b_k = ½ μ_kᵀ Λ μ_k, s(x) = xᵀW − b. No parameter is trained by gradient; the extractor is
 * always in eval mode. Λ is inverted on the CPU (Cholesky; the pseudo-inverse when not positive definite).
 */
export class StreamingLdaModel implements ContinualModel {
  readonly name = 'StreamingLDA';
  readonly options: StreamingLdaModelOptions;
  private isTraining = true;
  // float32, as Avalanche's tensors, so a checkpoint holds the statistics exactly.
  private readonly mu: Float32Array;
  private readonly counts: Float32Array;
  private readonly sigma: Float32Array;
  private numUpdates = 0;
  private scorer: { w: tf.Tensor2D; b: tf.Tensor1D; at: number } | undefined;
  private buffers: Record<string, tf.Variable> | undefined;

  constructor(options: StreamingLdaModelOptions) {
    this.options = options;
    const { inputSize: d, numClasses: k } = options;
    this.mu = new Float32Array(k * d);
    this.counts = new Float32Array(k);
    this.sigma = new Float32Array(d * d).fill(1);
    options.extractor?.setTraining(false);
  }

  get training(): boolean {
    return this.isTraining;
  }

  /** Sets the mode; the extractor stays in eval mode (Avalanche puts the SLDA model in eval for good). */
  setTraining(training: boolean): void {
    this.isTraining = training;
  }

  /** Samples fitted so far. */
  get updates(): number {
    return this.numUpdates;
  }

  /** Features of `x`: the extractor's output or features, or the flattened input. */
  features(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    return tf.tidy(() => {
      const { extractor, featureLayer, inputSize } = this.options;
      let f: tf.Tensor;
      if (extractor === undefined) f = x;
      else if (featureLayer === 'features') {
        if (extractor.getFeatures === undefined) throw new StrategyError(`StreamingLDA: featureLayer "features" needs a model with getFeatures(); ${extractor.name} has none`);
        f = extractor.getFeatures(x, { taskLabels: options.taskLabels });
      } else f = extractor.forward(x, { taskLabels: options.taskLabels });
      return f.reshape([f.shape[0], inputSize]) as tf.Tensor2D;
    });
  }

  forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    const { w, b } = this.ensureScorer();
    return tf.tidy(() => tf.sub(tf.matMul(this.features(x, options), w), b) as tf.Tensor2D);
  }

  /** Scores of already extracted features `[batch, inputSize]`. */
  predict(features: tf.Tensor2D): tf.Tensor2D {
    const { w, b } = this.ensureScorer();
    return tf.tidy(() => tf.sub(tf.matMul(features, w), b) as tf.Tensor2D);
  }

  /** Fits the samples of a minibatch one after another (Avalanche's `fit`). */
  fit(features: tf.Tensor2D, targets: tf.Tensor1D): void {
    const x = features.dataSync();
    const y = targets.dataSync();
    const d = this.options.inputSize;
    const diff = new Float64Array(d);
    for (let i = 0; i < y.length; i++) {
      const c = y[i];
      const n = this.numUpdates;
      for (let k = 0; k < d; k++) diff[k] = x[i * d + k] - this.mu[c * d + k];
      if (this.options.streamingUpdateSigma) {
        const f = n / (n + 1);
        for (let a = 0; a < d; a++) {
          const da = diff[a] * f;
          for (let b = 0; b < d; b++) this.sigma[a * d + b] = (n * this.sigma[a * d + b] + da * diff[b]) / (n + 1);
        }
      }
      const cnt = this.counts[c];
      for (let k = 0; k < d; k++) this.mu[c * d + k] += diff[k] / (cnt + 1);
      this.counts[c] = cnt + 1;
      this.numUpdates = n + 1;
    }
  }

  namedParameters(): ReadonlyArray<readonly [string, tf.Variable]> {
    return [];
  }

  /** The SLDA statistics (`muK`, `cK`, `Sigma`, `num_updates`) and the extractor's weights (`extractor.*`); live variables. */
  stateDict(): Record<string, tf.Tensor> {
    const { inputSize: d, numClasses: k } = this.options;
    const values: Record<string, tf.Tensor> = {
      muK: tf.tensor2d(this.mu, [k, d]),
      cK: tf.tensor1d(this.counts),
      Sigma: tf.tensor2d(this.sigma, [d, d]),
      num_updates: tf.scalar(this.numUpdates),
    };
    if (this.buffers === undefined) {
      this.buffers = Object.fromEntries(Object.entries(values).map(([n, t]) => [n, tf.variable(t, false)]));
    } else for (const [n, t] of Object.entries(values)) this.buffers[n].assign(t);
    for (const t of Object.values(values)) t.dispose();
    const extractor = this.options.extractor ? Object.entries(this.options.extractor.stateDict()).map(([n, t]) => [`extractor.${n}`, t] as const) : [];
    return { ...this.buffers, ...Object.fromEntries(extractor) };
  }

  loadStateDict(state: Readonly<Record<string, tf.Tensor>>): void {
    const { inputSize: d, numClasses: k } = this.options;
    const expect = (name: string, size: number) => {
      const t = state[name];
      if (t === undefined || t.size !== size) throw new CheckpointError(`StreamingLDA loadStateDict: "${name}" missing or not of size ${size}`);
      return t.dataSync();
    };
    this.mu.set(expect('muK', k * d));
    this.counts.set(expect('cK', k));
    this.sigma.set(expect('Sigma', d * d));
    this.numUpdates = expect('num_updates', 1)[0];
    const ext = Object.entries(state).filter(([n]) => n.startsWith('extractor.'));
    if (this.options.extractor && ext.length > 0) this.options.extractor.loadStateDict(Object.fromEntries(ext.map(([n, t]) => [n.slice('extractor.'.length), t])));
    this.disposeScorer();
  }

  clone(): StreamingLdaModel {
    const copy = new StreamingLdaModel({ ...this.options, extractor: this.options.extractor?.clone() });
    copy.mu.set(this.mu);
    copy.counts.set(this.counts);
    copy.sigma.set(this.sigma);
    copy.numUpdates = this.numUpdates;
    copy.isTraining = this.isTraining;
    return copy;
  }

  /** Frees the cached scorer and state variables (not the extractor: its owner frees it). */
  dispose(): void {
    this.disposeScorer();
    if (this.buffers) for (const v of Object.values(this.buffers)) v.dispose();
    this.buffers = undefined;
  }

  /** W and b for the current statistics, recomputed after updates (Avalanche's `prev_num_updates` check). */
  private ensureScorer(): { w: tf.Tensor2D; b: tf.Tensor1D } {
    if (this.scorer !== undefined && this.scorer.at === this.numUpdates) return this.scorer;
    const { inputSize: d, numClasses: k, shrinkageParam: eps } = this.options;
    const a = Float64Array.from(this.sigma, (v, i) => (1 - eps) * v + (Math.floor(i / d) === i % d ? eps : 0));
    const lambda = spdInverse(a, d) ?? symmetricPinv(a, d);
    const w = new Float32Array(d * k);
    const b = new Float32Array(k);
    for (let c = 0; c < k; c++) {
      for (let r = 0; r < d; r++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += lambda[r * d + j] * this.mu[c * d + j];
        w[r * k + c] = s;
        b[c] += 0.5 * this.mu[c * d + r] * s;
      }
    }
    this.disposeScorer();
    this.scorer = { w: tf.keep(tf.tensor2d(w, [d, k])), b: tf.keep(tf.tensor1d(b)), at: this.numUpdates };
    return this.scorer;
  }

  private disposeScorer(): void {
    if (this.scorer === undefined) return;
    this.scorer.w.dispose();
    this.scorer.b.dispose();
    this.scorer = undefined;
  }
}

/** Inverse of a symmetric positive-definite matrix by Cholesky (A = LLᵀ, A⁻¹ = L⁻ᵀL⁻¹), or undefined when not positive definite. */
export function spdInverse(a: Float64Array, d: number): Float64Array | undefined {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(s > 0)) return undefined;
        l[i * d + i] = Math.sqrt(s);
      } else l[i * d + j] = s / l[j * d + j];
    }
  }
  // L⁻¹, lower triangular.
  const li = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    li[j * d + j] = 1 / l[j * d + j];
    for (let i = j + 1; i < d; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * d + k] * li[k * d + j];
      li[i * d + j] = s / l[i * d + i];
    }
  }
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < d; k++) s += li[k * d + i] * li[k * d + j];
      inv[i * d + j] = s;
      inv[j * d + i] = s;
    }
  }
  return inv;
}
