import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { disposeMinibatch, parseWithSchema, type ContinualModel, type Experience, type NamedGradients, type Rng, type StateDict } from '@avalanche-ts/core';
import { EpisodicMemory } from './episodic-memory.js';
import { batchGradients, disposeNamed, withTrainingMode, type BatchLoss, type NamedTensors } from './parameter-tensors.js';
import { solveQp } from './solve-qp.js';
import type { DatasetResolver } from './storage-policy.js';

export const gemOptionsSchema = z
  .object({
    /** Samples stored per experience. */
    patternsPerExp: z.number().int().positive(),
    /** γ, the margin of the constraints (default 0.5). */
    memoryStrength: z.number().nonnegative().default(0.5),
  })
  .strict();
export type GemOptions = z.input<typeof gemOptionsSchema>;

/** Ridge added to GGᵀ so the QP is strictly convex (Avalanche's 1e-3). */
const QP_EPS = 1e-3;

/**
 * Gradient Episodic Memory (Lopez-Paz & Ranzato 2017, "Gradient Episodic Memory for Continual
 * Learning"), as Avalanche's `GEMPlugin`: `patternsPerExp` random samples of each experience are stored;
 * before each step, one reference gradient g_k per past experience k is computed on its whole memory
 * (rows of G). If some g_k·g < 0, g is replaced by the projection g̃ = Gᵀv* + g, where v* solves the
 * dual QP
 *
 *   min_v ½ vᵀ(GGᵀ + εI)v + (Gg)ᵀv   subject to   v ≥ γ,
 *
 * with ε = 1e-3 and margin γ = `memoryStrength`, solved by the Goldfarb-Idnani dual method
 * ({@link solveQp}). Dot products run over every parameter without materialising flat vectors.
 */
export class GemProjector {
  readonly patternsPerExp: number;
  readonly memoryStrength: number;
  readonly memory: EpisodicMemory;
  private references: NamedTensors[] = [];

  constructor(options: GemOptions) {
    const o = parseWithSchema(gemOptionsSchema, options, 'gem options');
    this.patternsPerExp = o.patternsPerExp;
    this.memoryStrength = o.memoryStrength;
    this.memory = new EpisodicMemory(o.patternsPerExp);
  }

  /** After an experience: store its random subset. */
  updateMemory(experience: Experience, rng: Rng): void {
    this.memory.add(experience, rng);
  }

  /** Computes and keeps one reference gradient per stored experience (model in training mode). */
  computeReferences(model: ContinualModel, loss: BatchLoss, rng: Rng): void {
    this.clearReferences();
    for (const slot of this.memory.experiences) {
      const batch = slot.dataset.getBatch(Int32Array.from({ length: slot.dataset.length }, (_, i) => i), { rng });
      try {
        this.references.push(withTrainingMode(model, true, () => batchGradients(model, batch, loss, rng.nextSeed())));
      } finally {
        disposeMinibatch(batch);
      }
    }
  }

  /** The projected gradients, or undefined when no constraint is violated (or there is no memory yet). */
  project(gradients: NamedGradients): NamedGradients | undefined {
    const refs = this.references;
    const t = refs.length;
    if (t === 0) return undefined;
    // Gg (t) and GGᵀ (t×t) in one read-back.
    const stats = tf.tidy(() => {
      const parts: tf.Tensor[] = [];
      for (let i = 0; i < t; i++) parts.push(dot(refs[i], gradients));
      for (let i = 0; i < t; i++) for (let j = 0; j <= i; j++) parts.push(dot(refs[i], refs[j]));
      return tf.stack(parts);
    });
    const values = stats.dataSync();
    stats.dispose();
    const Gg = Array.from(values.subarray(0, t));
    if (!Gg.some((v) => v < 0)) return undefined;
    const P = Array.from({ length: t }, () => new Float64Array(t));
    let k = t;
    for (let i = 0; i < t; i++) {
      for (let j = 0; j <= i; j++) {
        P[i][j] = P[j][i] = values[k++];
      }
      P[i][i] += QP_EPS;
    }
    const identity = Array.from({ length: t }, (_, i) => Float64Array.from({ length: t }, (_, j) => (i === j ? 1 : 0)));
    const { x: v } = solveQp({ P, q: Gg.map((g) => -g), A: identity, b: new Float64Array(t).fill(this.memoryStrength) });
    const out: NamedGradients = {};
    for (const [name, g] of Object.entries(gradients)) {
      const involved = refs.some((r) => r[name] !== undefined);
      out[name] = !involved
        ? g
        : tf.tidy(() => {
            let projected: tf.Tensor = g;
            for (let i = 0; i < t; i++) {
              const r = refs[i][name];
              if (r !== undefined) projected = tf.add(projected, tf.mul(r, v[i]));
            }
            return projected;
          });
    }
    return out;
  }

  /** Frees the reference gradients (after the step). */
  clearReferences(): void {
    for (const r of this.references) disposeNamed(r);
    this.references = [];
  }

  stateDict(): StateDict {
    return { memory: this.memory.stateDict() };
  }

  loadStateDict(state: StateDict, resolve: DatasetResolver): void {
    this.memory.loadStateDict((state.memory ?? {}) as StateDict, resolve);
  }

  dispose(): void {
    this.clearReferences();
  }
}

/** Σ over shared parameter names of ⟨a, b⟩. */
function dot(a: NamedTensors, b: NamedTensors): tf.Tensor {
  let total: tf.Tensor = tf.scalar(0);
  for (const [name, ta] of Object.entries(a)) {
    const tb = b[name];
    if (tb !== undefined) total = tf.add(total, tf.sum(tf.mul(ta, tb)));
  }
  return total;
}
