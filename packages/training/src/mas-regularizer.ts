import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { CheckpointError, parseWithSchema, type ClassificationDataset, type ContinualModel, type StateDict } from '@avalanche-ts/core';
import { gradientImportance, quadraticPenalty } from './gradient-importance.js';
import { cloneParameters, disposeNamed, namedFromState, namedToState, padToShape, type NamedTensors } from './parameter-tensors.js';

export const masOptionsSchema = z
  .object({
    /** λ, the penalty's weight (default 1). */
    lambdaReg: z.number().nonnegative().default(1),
    /** α of the running importance Ω = α·Ω_old + (1−α)·Ω_new (default 0.5). */
    alpha: z.number().min(0).max(1).default(0.5),
  })
  .strict();
export type MasOptions = z.input<typeof masOptionsSchema>;

/**
 * Memory Aware Synapses (Aljundi et al. 2018, "Memory Aware Synapses: Learning what (not) to forget"),
 * as Avalanche's `MASPlugin`:
 *
 * - after each experience: Ω_new = (1/N_b) Σ_b |∇_θ mean_{x∈B_b} ‖f(x)‖²₂| over the experience's N_b
 *   minibatches (model in training mode, as Avalanche), Ω = α·Ω_old + (1−α)·Ω_new, θ* = θ;
 * - penalty λ · Σ_i Ω_i (θ_i − θ*_i)², from the second experience on.
 *
 * Parameters first seen after the first experience start with Ω_old = 0.
 */
export class MasRegularizer {
  readonly lambdaReg: number;
  readonly alpha: number;
  private importance: NamedTensors | undefined;
  private anchor: NamedTensors | undefined;

  constructor(options: MasOptions = {}) {
    const o = parseWithSchema(masOptionsSchema, options, 'mas options');
    this.lambdaReg = o.lambdaReg;
    this.alpha = o.alpha;
  }

  /** Ω (live tensors; do not dispose), or undefined before the first experience ended. */
  get importances(): Readonly<NamedTensors> | undefined {
    return this.importance;
  }

  /** Updates Ω with the importance measured on `dataset` and stores θ* = θ; `nextSeed` seeds dropout. */
  consolidate(model: ContinualModel, dataset: ClassificationDataset, batchSize: number, nextSeed?: () => number): void {
    disposeNamed(this.anchor);
    this.anchor = cloneParameters(model);
    const fresh = gradientImportance(model, dataset, {
      batchSize,
      training: true,
      reduce: 'abs',
      nextSeed,
      loss: (output) => tf.mean(tf.sum(tf.square(output), 1)) as tf.Scalar,
    });
    const old = this.importance ?? {};
    const next: NamedTensors = {};
    for (const [name, f] of Object.entries(fresh)) {
      const prev = old[name];
      next[name] = tf.keep(
        tf.tidy(() => (prev === undefined ? tf.mul(f, 1 - this.alpha) : tf.add(tf.mul(padToShape(prev, f.shape), this.alpha), tf.mul(f, 1 - this.alpha)))),
      );
    }
    disposeNamed(fresh);
    disposeNamed(this.importance);
    this.importance = next;
  }

  /** λ · Σ Ω (θ − θ*)², or undefined before the first consolidation. */
  penalty(model: ContinualModel): tf.Scalar | undefined {
    if (this.importance === undefined || this.anchor === undefined || this.lambdaReg === 0) return undefined;
    const sum = quadraticPenalty(model, [{ importance: this.importance, anchor: this.anchor }]);
    return sum === undefined ? undefined : tf.tidy(() => tf.mul(sum, this.lambdaReg) as tf.Scalar);
  }

  stateDict(): StateDict {
    return {
      importance: this.importance ? namedToState(this.importance) : null,
      anchor: this.anchor ? namedToState(this.anchor) : null,
    };
  }

  loadStateDict(state: StateDict): void {
    if ((state.importance === null) !== (state.anchor === null)) throw new CheckpointError('MasRegularizer state: importance and anchor must both be present or both null');
    const importance = state.importance === null ? undefined : namedFromState(state.importance, 'MasRegularizer state.importance');
    const anchor = state.anchor === null ? undefined : namedFromState(state.anchor, 'MasRegularizer state.anchor');
    this.dispose();
    this.importance = importance;
    this.anchor = anchor;
  }

  dispose(): void {
    disposeNamed(this.importance);
    disposeNamed(this.anchor);
    this.importance = undefined;
    this.anchor = undefined;
  }
}
