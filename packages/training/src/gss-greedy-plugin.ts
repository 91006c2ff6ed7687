import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  CheckpointError,
  StrategyError,
  parseWithSchema,
  type ContinualModel,
  type Minibatch,
  type Rng,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { withTrainingMode } from './parameter-tensors.js';

export const gssGreedyOptionsSchema = z
  .object({
    /** Memory size in samples (default 200). */
    memSize: z.number().int().positive().default(200),
    /** Random memory subsets whose gradients a sample is compared with (default 1, as Avalanche's `GSS_greedy`). */
    memStrength: z.number().int().positive().default(1),
    /** Avalanche's `input_size` (shape of one input); optional here, the memory is sized from the data, which must match it when given. */
    inputSize: z.array(z.number().int().positive()).optional(),
  })
  .strict();
export type GssGreedyOptions = z.input<typeof gssGreedyOptionsSchema>;

const stateSchema = z.object({
  sampleShape: z.array(z.number().int().positive()),
  count: z.number().int().nonnegative(),
  x: z.instanceof(Float32Array),
  y: z.instanceof(Int32Array),
  taskLabels: z.instanceof(Int32Array),
  scores: z.instanceof(Float32Array),
});

/**
 * Greedy Gradient-based Sample Selection (Aljundi et al., "Gradient based sample selection for online
 * continual learning", NeurIPS 2019), as Avalanche's `GSS_greedyPlugin`. Each sample i of an incoming
 * minibatch gets the score s_i = max_k cos(g_i, G_k), where g_i is its own loss gradient and G_k the
 * gradients of `memStrength` random memory subsets (model in eval mode). While the memory has room the
 * samples are appended with their scores. When it is full and the whole batch's gradient has
 * max_k cos(g_B, G_k) < 0, as many memory slots as incoming samples are drawn with probability ∝ the
 * min-max-normalised memory scores, and slot j is replaced by sample i with probability
 * ((s_j + 1)/2) / ((s_i + 1)/2 + (s_j + 1)/2): redundant memories make way for dissimilar samples.
 *
 * From the second experience on, each minibatch is followed by `trainMbSize` memory samples (a replay
 * loader over the memory as it was when the experience began) and trained with the plain criterion.
 * The memory holds transformed inputs (as Avalanche's tensor memory), sized from the first minibatch,
 * so Avalanche's `input_size` is optional (checked when given). Only the incoming rows are scored (Avalanche also scores
 * the replayed rows it concatenated), and a memory subset is used even when it holds fewer samples than a
 * minibatch (where Avalanche's `count // batch` gives none).
 */
export class GssGreedyPlugin implements StrategyPlugin {
  readonly name = 'GSS_greedyPlugin';
  readonly memSize: number;
  readonly memStrength: number;
  readonly inputSize: readonly number[] | undefined;
  private sampleShape: number[] | undefined;
  private x = new Float32Array(0);
  private y = new Int32Array(0);
  private tasks = new Int32Array(0);
  private scores = new Float32Array(0);
  private count = 0;
  private replay: { x: Float32Array; y: Int32Array; tasks: Int32Array; n: number; order: Int32Array; pos: number } | undefined;

  constructor(options: GssGreedyOptions = {}) {
    const o = parseWithSchema(gssGreedyOptionsSchema, options, 'gssGreedy options');
    this.memSize = o.memSize;
    this.memStrength = o.memStrength;
    this.inputSize = o.inputSize;
  }

  /** Samples stored so far. */
  get length(): number {
    return this.count;
  }

  /** The stored targets and scores (copies), for inspection. */
  get stored(): { readonly targets: Int32Array; readonly scores: Float32Array } {
    return { targets: this.y.slice(0, this.count), scores: this.scores.slice(0, this.count) };
  }

  beforeTrainingExp(context: StrategyContext): void {
    const n = this.count;
    const size = this.sampleSize();
    this.replay = n === 0 ? undefined : { x: this.x.slice(0, n * size), y: this.y.slice(0, n), tasks: this.tasks.slice(0, n), n, order: context.rng.permutation(n), pos: 0 };
  }

  /** Scores the incoming rows and updates the memory (weights as before the step), then appends replayed rows. */
  beforeForward(context: StrategyContext, controls: StrategyControls): void {
    const mb = context.minibatch;
    if (mb === undefined) return;
    const memory = this.replay === undefined ? undefined : this.drawReplay(context.trainMbSize, context.rng);
    this.update(context.model, mb, context.rng);
    if (memory !== undefined) {
      controls.setMinibatch({ x: tf.concat([mb.x, memory.x]), y: tf.concat([mb.y, memory.y]), taskLabels: tf.concat([mb.taskLabels, memory.taskLabels]) });
      tf.dispose([memory.x, memory.y, memory.taskLabels]);
    }
  }

  afterTrainingExp(): void {
    this.replay = undefined;
  }

  /** Offers the rows of `batch` to the memory (Avalanche's `after_forward`). */
  update(model: ContinualModel, batch: Minibatch, rng: Rng): void {
    const b = batch.y.shape[0];
    if (b === 0) return;
    this.allocate(batch.x.shape.slice(1));
    const size = this.sampleSize();
    const xs = batch.x.dataSync() as Float32Array;
    const ys = batch.y.dataSync() as Int32Array;
    const ts = batch.taskLabels.dataSync() as Int32Array;
    withTrainingMode(model, false, () => {
      const placeLeft = this.memSize - this.count;
      if (placeLeft <= 0) {
        const memGrads = this.randomMemoryGradients(model, b, rng);
        const batchGrad = flatGradient(model, batch.x, batch.y, batch.taskLabels);
        const batchSim = maxCosine(memGrads, [batchGrad]);
        if (batchSim[0] < 0) {
          const candidates = this.drawReplacementSlots(b, rng);
          const itemSim = this.perSampleSimilarity(model, batch, memGrads, b);
          candidates.forEach((slot, i) => {
            const pNew = (itemSim[i] + 1) / 2;
            const pOld = (this.scores[slot] + 1) / 2;
            // Avalanche's multinomial over [new, old]: outcome 1 (the old one's column) replaces the slot.
            if (rng.next() * (pNew + pOld) >= pNew) this.store(slot, xs, ys, ts, i, size, itemSim[i]);
          });
        }
      } else {
        const offset = Math.min(placeLeft, b);
        const scores = this.count === 0 ? new Float32Array(offset).fill(0.1) : this.perSampleSimilarity(model, batch, this.randomMemoryGradients(model, b, rng), offset);
        for (let i = 0; i < offset; i++) this.store(this.count + i, xs, ys, ts, i, size, scores[i]);
        this.count += offset;
      }
    });
  }

  stateDict(): StateDict {
    const size = this.sampleSize();
    return {
      sampleShape: this.sampleShape ?? [],
      count: this.count,
      x: this.x.slice(0, this.count * size),
      y: this.y.slice(0, this.count),
      taskLabels: this.tasks.slice(0, this.count),
      scores: this.scores.slice(0, this.count),
    };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(stateSchema, state, 'GSS_greedyPlugin state');
    if (s.count > this.memSize) throw new CheckpointError(`GSS_greedyPlugin state: ${s.count} samples exceed memSize ${this.memSize}`);
    this.sampleShape = undefined;
    this.count = 0;
    if (s.count === 0) return;
    this.allocate(s.sampleShape);
    const size = this.sampleSize();
    if (s.x.length !== s.count * size || s.y.length !== s.count || s.taskLabels.length !== s.count || s.scores.length !== s.count) {
      throw new CheckpointError(`GSS_greedyPlugin state: arrays do not match ${s.count} samples of shape [${s.sampleShape}]`);
    }
    this.x.set(s.x);
    this.y.set(s.y);
    this.tasks.set(s.taskLabels);
    this.scores.set(s.scores);
    this.count = s.count;
  }

  dispose(): void {
    this.replay = undefined;
  }

  private sampleSize(): number {
    return (this.sampleShape ?? []).reduce((a, b) => a * b, 1);
  }

  private allocate(shape: readonly number[]): void {
    if (this.sampleShape !== undefined) return;
    if (this.inputSize !== undefined && this.inputSize.reduce((a, b) => a * b, 1) !== shape.reduce((a, b) => a * b, 1)) {
      throw new StrategyError(`GSS_greedyPlugin: inputs of shape [${shape}] do not match inputSize [${this.inputSize}]`);
    }
    this.sampleShape = [...shape];
    const size = this.sampleSize();
    this.x = new Float32Array(this.memSize * size);
    this.y = new Int32Array(this.memSize);
    this.tasks = new Int32Array(this.memSize);
    this.scores = new Float32Array(this.memSize);
  }

  private store(slot: number, xs: Float32Array, ys: Int32Array, ts: Int32Array, i: number, size: number, score: number): void {
    this.x.set(xs.subarray(i * size, (i + 1) * size), slot * size);
    this.y[slot] = ys[i];
    this.tasks[slot] = ts[i];
    this.scores[slot] = score;
  }

  private rows(indices: ArrayLike<number>): Minibatch {
    const size = this.sampleSize();
    const x = new Float32Array(indices.length * size);
    const y = new Int32Array(indices.length);
    const t = new Int32Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const j = indices[k];
      x.set(this.x.subarray(j * size, (j + 1) * size), k * size);
      y[k] = this.y[j];
      t[k] = this.tasks[j];
    }
    return { x: tf.tensor(x, [indices.length, ...this.sampleShape!]), y: tf.tensor1d(y, 'int32'), taskLabels: tf.tensor1d(t, 'int32') };
  }

  /** Gradients [nSubsets, nParams] of the loss on `memStrength` random memory subsets of min(b, count) samples. */
  private randomMemoryGradients(model: ContinualModel, b: number, rng: Rng): Float32Array[] {
    const size = Math.min(b, this.count);
    const subsets = Math.max(1, Math.min(this.memStrength, Math.floor(this.count / b)));
    const order = rng.permutation(this.count);
    const out: Float32Array[] = [];
    for (let k = 0; k < subsets; k++) {
      const batch = this.rows(order.subarray(k * size, (k + 1) * size));
      out.push(flatGradient(model, batch.x, batch.y, batch.taskLabels));
      tf.dispose([batch.x, batch.y, batch.taskLabels]);
    }
    return out;
  }

  /** max_k cos(g_i, G_k) for each of the first `n` rows of `batch`, one backward pass per row. */
  private perSampleSimilarity(model: ContinualModel, batch: Minibatch, memGrads: Float32Array[], n: number): Float32Array {
    const grads: Float32Array[] = [];
    for (let i = 0; i < n; i++) {
      const [x, y, t] = tf.tidy(() => [tf.slice(batch.x, i, 1), tf.slice(batch.y, i, 1), tf.slice(batch.taskLabels, i, 1)] as const);
      grads.push(flatGradient(model, x, y as tf.Tensor1D, t as tf.Tensor1D));
      tf.dispose([x, y, t]);
    }
    return maxCosine(memGrads, grads);
  }

  /** `b` distinct memory slots drawn with probability ∝ (s − min)/(max − min + 0.01), without replacement. */
  private drawReplacementSlots(b: number, rng: Rng): number[] {
    const n = this.count;
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < n; j++) {
      lo = Math.min(lo, this.scores[j]);
      hi = Math.max(hi, this.scores[j]);
    }
    const weights = Float64Array.from({ length: n }, (_, j) => (this.scores[j] - lo) / (hi - lo + 0.01));
    const chosen: number[] = [];
    for (let k = 0; k < Math.min(b, n); k++) {
      let total = 0;
      for (const w of weights) total += w;
      // Only zero weights left (all scores equal): draw uniformly among the remaining slots.
      const uniform = total <= 0;
      let r = rng.next() * (uniform ? n - chosen.length : total);
      let pick = -1;
      for (let j = 0; j < n && pick < 0; j++) {
        if (weights[j] < 0) continue;
        r -= uniform ? 1 : weights[j];
        if (r < 0) pick = j;
      }
      if (pick < 0) pick = weights.findIndex((w) => w >= 0);
      chosen.push(pick);
      weights[pick] = -1;
    }
    return chosen;
  }

  private drawReplay(count: number, rng: Rng): Minibatch {
    const r = this.replay!;
    const idx: number[] = [];
    for (let k = 0; k < Math.min(count, r.n); k++) {
      if (r.pos >= r.n) {
        r.order = rng.permutation(r.n);
        r.pos = 0;
      }
      idx.push(r.order[r.pos++]);
    }
    const size = this.sampleSize();
    const x = new Float32Array(idx.length * size);
    idx.forEach((j, k) => x.set(r.x.subarray(j * size, (j + 1) * size), k * size));
    return {
      x: tf.tensor(x, [idx.length, ...this.sampleShape!]),
      y: tf.tensor1d(Int32Array.from(idx, (j) => r.y[j]), 'int32'),
      taskLabels: tf.tensor1d(Int32Array.from(idx, (j) => r.tasks[j]), 'int32'),
    };
  }
}

/** The loss gradient of one batch, all trainable parameters flattened into one vector (zeros where a parameter gets none). */
function flatGradient(model: ContinualModel, x: tf.Tensor, y: tf.Tensor1D, taskLabels: tf.Tensor1D): Float32Array {
  const params = model.namedParameters().filter(([, v]) => v.trainable);
  const { value, grads } = tf.variableGrads(() => crossEntropyLoss(model.forward(x, { taskLabels }), y), params.map(([, v]) => v));
  const flat = tf.tidy(() => tf.concat(params.map(([, v]) => (grads[v.name] ?? tf.zerosLike(v)).reshape([-1]))));
  const out = flat.dataSync() as Float32Array;
  tf.dispose([value, flat, ...Object.values(grads)]);
  return out;
}

/** For each vector of `b`, its largest cosine similarity with a vector of `a`. */
function maxCosine(a: Float32Array[], b: Float32Array[]): Float32Array {
  const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const na = a.map(norm);
  return Float32Array.from(b, (v) => {
    const nv = norm(v);
    let best = -Infinity;
    a.forEach((u, k) => {
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += u[i] * v[i];
      best = Math.max(best, dot / Math.max(na[k] * nv, 1e-12));
    });
    return best;
  });
}

/** A {@link GssGreedyPlugin}: `gssGreedyPlugin({ memSize: 200, memStrength: 5 })`. */
export function gssGreedyPlugin(options: GssGreedyOptions = {}): GssGreedyPlugin {
  return new GssGreedyPlugin(options);
}
