import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { disposeMinibatch, parseWithSchema, type ContinualModel, type Experience, type Minibatch, type NamedGradients, type Rng, type StateDict } from '@avalanche-ts/core';
import { EpisodicMemory } from './episodic-memory.js';
import { batchGradients, disposeNamed, withTrainingMode, type BatchLoss, type NamedTensors } from './parameter-tensors.js';
import { concatMinibatches } from './replay-data-loader.js';
import type { DatasetResolver } from './storage-policy.js';

export const agemOptionsSchema = z
  .object({
    /** Samples stored per experience. */
    patternsPerExp: z.number().int().positive(),
    /** Memory samples per reference gradient, split evenly over the stored experiences (default 64). */
    sampleSize: z.number().int().positive().default(64),
  })
  .strict();
export type AgemOptions = z.input<typeof agemOptionsSchema>;

/**
 * Averaged Gradient Episodic Memory (Chaudhry et al. 2019, "Efficient Lifelong Learning with A-GEM"), as
 * Avalanche's `AGEMPlugin`: a random `patternsPerExp` samples of each experience are stored; before each
 * step a reference gradient g_ref is computed on `sampleSize` memory samples (`sampleSize / nExperiences`
 * from each, cycling through shuffled orders); if the step's gradient g has g·g_ref < 0 it is replaced
 * by g − (g·g_ref / g_ref·g_ref) · g_ref. Dot products run over every parameter; parameters with no
 * gradient in the step keep none.
 */
export class AgemProjector {
  readonly patternsPerExp: number;
  readonly sampleSize: number;
  readonly memory: EpisodicMemory;
  private reference: NamedTensors | undefined;
  /** Per stored experience: its shuffled order and position (reset whenever the memory grows, as Avalanche re-creates its loader). */
  private cursors: Array<{ order: Int32Array; pos: number } | undefined> = [];

  constructor(options: AgemOptions) {
    const o = parseWithSchema(agemOptionsSchema, options, 'agem options');
    this.patternsPerExp = o.patternsPerExp;
    this.sampleSize = o.sampleSize;
    this.memory = new EpisodicMemory(o.patternsPerExp);
  }

  /** After an experience: store its random subset. */
  updateMemory(experience: Experience, rng: Rng): void {
    this.memory.add(experience, rng);
    this.cursors = this.memory.experiences.map(() => undefined);
  }

  /** Draws the next memory minibatch (`sampleSize // nExperiences` per experience), or undefined while the memory is empty. */
  sampleMemory(rng: Rng): Minibatch | undefined {
    const slots = this.memory.experiences;
    if (slots.length === 0) return undefined;
    const per = Math.max(1, Math.floor(this.sampleSize / slots.length));
    let batch: Minibatch | undefined;
    slots.forEach((slot, k) => {
      let cursor = this.cursors[k];
      if (cursor === undefined || cursor.pos >= cursor.order.length) cursor = this.cursors[k] = { order: rng.permutation(slot.dataset.length), pos: 0 };
      const idx = cursor.order.subarray(cursor.pos, Math.min(cursor.order.length, cursor.pos + per));
      cursor.pos += idx.length;
      const part = slot.dataset.getBatch(idx, { rng });
      if (batch === undefined) batch = part;
      else {
        const joined = concatMinibatches(batch, part);
        disposeMinibatch(batch);
        disposeMinibatch(part);
        batch = joined;
      }
    });
    return batch;
  }

  /** Computes and keeps g_ref (model in training mode, as Avalanche); a no-op while the memory is empty. */
  computeReference(model: ContinualModel, loss: BatchLoss, rng: Rng): void {
    this.clearReference();
    const batch = this.sampleMemory(rng);
    if (batch === undefined) return;
    try {
      this.reference = withTrainingMode(model, true, () => batchGradients(model, batch, loss, rng.nextSeed()));
    } finally {
      disposeMinibatch(batch);
    }
  }

  /** The projected gradients, or undefined when g·g_ref ≥ 0 (or there is no reference): then g stays. */
  project(gradients: NamedGradients): NamedGradients | undefined {
    const ref = this.reference;
    if (ref === undefined) return undefined;
    const [dot, refNorm] = tf.tidy(() => {
      let d: tf.Tensor = tf.scalar(0);
      let r: tf.Tensor = tf.scalar(0);
      for (const [name, rg] of Object.entries(ref)) {
        r = tf.add(r, tf.sum(tf.square(rg)));
        const g = gradients[name];
        if (g !== undefined) d = tf.add(d, tf.sum(tf.mul(g, rg)));
      }
      return [d, r];
    });
    const [dotValue, normValue] = [dot.dataSync()[0], refNorm.dataSync()[0]];
    dot.dispose();
    refNorm.dispose();
    if (!(dotValue < 0) || normValue === 0) return undefined;
    const alpha = dotValue / normValue;
    const out: NamedGradients = {};
    for (const [name, g] of Object.entries(gradients)) {
      const rg = ref[name];
      out[name] = rg === undefined ? g : tf.tidy(() => tf.sub(g, tf.mul(rg, alpha)));
    }
    return out;
  }

  /** Frees g_ref (after the step). */
  clearReference(): void {
    disposeNamed(this.reference);
    this.reference = undefined;
  }

  stateDict(): StateDict {
    return { memory: this.memory.stateDict() };
  }

  loadStateDict(state: StateDict, resolve: DatasetResolver): void {
    this.memory.loadStateDict((state.memory ?? {}) as StateDict, resolve);
    this.cursors = this.memory.experiences.map(() => undefined);
  }

  dispose(): void {
    this.clearReference();
  }
}
