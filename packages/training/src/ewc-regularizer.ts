import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { CheckpointError, parseWithSchema, type ClassificationDataset, type ContinualModel, type StateDict } from '@avalanche-ts/core';
import { gradientImportance, quadraticPenalty } from './gradient-importance.js';
import { cloneParameters, disposeNamed, namedFromState, namedToState, padToShape, type BatchLoss, type NamedTensors } from './parameter-tensors.js';

export const ewcOptionsSchema = z
  .object({
    /** λ, the penalty's weight. */
    ewcLambda: z.number().nonnegative(),
    /** 'separate' keeps one (F, θ*) per experience; 'online' keeps one decayed F (default 'separate'). */
    mode: z.enum(['separate', 'online']).default('separate'),
    /** γ of the online Fisher F_t = γ·F_{t−1} + F_new; required in online mode, not allowed otherwise. */
    decayFactor: z.number().nonnegative().optional(),
    /** Online mode: keep every experience's F and θ* instead of only the last (separate mode always keeps them). */
    keepImportanceData: z.boolean().default(false),
  })
  .strict()
  .refine((o) => (o.mode === 'online') === (o.decayFactor !== undefined), {
    message: 'decayFactor is required in online mode and only valid there',
    path: ['decayFactor'],
  });
export type EwcOptions = z.input<typeof ewcOptionsSchema>;

/**
 * Elastic Weight Consolidation (Kirkpatrick et al. 2017, PNAS; online variant: Schwarz et al. 2018,
 * "Progress & Compress"), as Avalanche's `EWCPlugin`:
 *
 * - after experience t: the empirical Fisher F_t = (1/N_b) Σ_b (∇_θ L(B_b))² over the experience's N_b
 *   minibatches (batch-level squared gradients, model in eval mode), and θ*_t = θ;
 * - separate mode: penalty λ · Σ_{k<t} Σ_i F_k,i (θ_i − θ*_k,i)²;
 * - online mode: F_t ← γ·F_{t−1} + F_t, penalty λ · Σ_i F_{t−1},i (θ_i − θ*_{t−1},i)².
 *
 * As in Avalanche there is no ½ in front of the penalty. Usable in a hand-written loop: call
 * `consolidate` after each experience and add `penalty(model)` to the loss inside the gradient closure.
 */
export class EwcRegularizer {
  readonly lambda: number;
  readonly mode: 'separate' | 'online';
  readonly decayFactor: number | undefined;
  readonly keepImportanceData: boolean;
  /** Experience counter -> (F, θ*). */
  private readonly importances = new Map<number, NamedTensors>();
  private readonly savedParams = new Map<number, NamedTensors>();

  constructor(options: EwcOptions) {
    const o = parseWithSchema(ewcOptionsSchema, options, 'ewc options');
    this.lambda = o.ewcLambda;
    this.mode = o.mode;
    this.decayFactor = o.decayFactor;
    // Avalanche forces it on in separate mode, where every past experience is penalised.
    this.keepImportanceData = o.mode === 'separate' ? true : o.keepImportanceData;
  }

  /** Experience counters with stored (F, θ*), ascending. */
  get storedExperiences(): number[] {
    return [...this.importances.keys()].sort((a, b) => a - b);
  }

  /** F of experience counter `t` (live tensors; do not dispose). */
  importanceOf(t: number): Readonly<NamedTensors> | undefined {
    return this.importances.get(t);
  }

  /** Computes F on `dataset` and stores (F, θ*) as experience counter `t` (the t-th experience trained on). */
  consolidate(model: ContinualModel, dataset: ClassificationDataset, t: number, options: { batchSize: number; loss: BatchLoss }): void {
    const fresh = gradientImportance(model, dataset, { batchSize: options.batchSize, loss: options.loss, reduce: 'square', training: false });
    const previous = this.importances.get(t - 1);
    if (this.mode === 'online' && previous !== undefined) {
      for (const [name, f] of Object.entries(fresh)) {
        const old = previous[name];
        if (old === undefined) continue;
        fresh[name] = tf.keep(tf.tidy(() => tf.add(tf.mul(padToShape(old, f.shape), this.decayFactor!), f)));
        f.dispose();
      }
    }
    disposeNamed(this.importances.get(t));
    this.importances.set(t, fresh);
    disposeNamed(this.savedParams.get(t));
    this.savedParams.set(t, cloneParameters(model));
    if (t > 0 && !this.keepImportanceData) {
      disposeNamed(this.importances.get(t - 1));
      disposeNamed(this.savedParams.get(t - 1));
      this.importances.delete(t - 1);
      this.savedParams.delete(t - 1);
    }
  }

  /** λ · Σ F (θ − θ*)² for the model's current parameters, or undefined before the first consolidation. */
  penalty(model: ContinualModel): tf.Scalar | undefined {
    const stored = this.storedExperiences;
    if (stored.length === 0 || this.lambda === 0) return undefined;
    const used = this.mode === 'separate' ? stored : [stored[stored.length - 1]];
    const sum = quadraticPenalty(model, used.map((t) => ({ importance: this.importances.get(t)!, anchor: this.savedParams.get(t)! })));
    if (sum === undefined) return undefined;
    return tf.tidy(() => tf.mul(sum, this.lambda) as tf.Scalar);
  }

  stateDict(): StateDict {
    const stored = this.storedExperiences;
    return {
      experiences: stored,
      importances: stored.map((t) => namedToState(this.importances.get(t)!)),
      savedParams: stored.map((t) => namedToState(this.savedParams.get(t)!)),
    };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(
      z.object({ experiences: z.array(z.number().int()), importances: z.array(z.unknown()), savedParams: z.array(z.unknown()) }),
      state,
      'EwcRegularizer state',
    );
    if (s.importances.length !== s.experiences.length || s.savedParams.length !== s.experiences.length) {
      throw new CheckpointError(`EwcRegularizer state: ${s.experiences.length} experiences but ${s.importances.length} importances and ${s.savedParams.length} saved parameter sets`);
    }
    this.dispose();
    s.experiences.forEach((t, k) => {
      this.importances.set(t, namedFromState(s.importances[k], `EwcRegularizer state.importances[${k}]`));
      this.savedParams.set(t, namedFromState(s.savedParams[k], `EwcRegularizer state.savedParams[${k}]`));
    });
  }

  dispose(): void {
    for (const m of [this.importances, this.savedParams]) {
      for (const v of m.values()) disposeNamed(v);
      m.clear();
    }
  }
}
