import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { CheckpointError, parseWithSchema, type ContinualModel, type NamedGradients, type StateDict } from '@avalanche-ts/core';
import { disposeNamed, namedFromState, namedToState, padToShape, type NamedTensors } from './parameter-tensors.js';

export const synapticIntelligenceOptionsSchema = z
  .object({
    /** λ, one value or one per experience (the last repeats). */
    siLambda: z.union([z.number().nonnegative(), z.array(z.number().nonnegative()).nonempty()]),
    /** ξ, the damping of the importance denominator (default 1e-7). */
    eps: z.number().positive().default(1e-7),
    /** Parameter names to leave out; `*` matches any run of characters, and a pattern also matches names it prefixes. */
    excludedParameters: z.array(z.string()).default([]),
  })
  .strict();
export type SynapticIntelligenceOptions = z.input<typeof synapticIntelligenceOptionsSchema>;

/** Importances are clipped from above at this value (Avalanche's `clip_to`). */
const CLIP_TO = 0.001;

/**
 * Synaptic Intelligence (Zenke, Poole & Ganguli 2017, "Continual Learning Through Synaptic
 * Intelligence"), as Avalanche's `SynapticIntelligencePlugin`:
 *
 * - during experience t, each step adds the path integral w_i += g_i · Δθ_i (g the gradient applied,
 *   penalty included; Δθ the step's parameter change);
 * - after it, with Δ_i = θ_i − θ_i(start of t): C_i += w_i / (Δ_i² + ξ), ω_i = clip(−C_i, 0, 0.001)
 *   and θ* = θ. Avalanche clips only from above; here ω is also kept ≥ 0, as the paper's importance is:
 *   with momentum a step can move along its gradient (g·Δθ > 0), and for a parameter that ends the
 *   experience where it began (Δ² ≈ ξ) that gives ω ≈ −10⁵, a concave penalty that rewards leaving θ*
 *   and diverges to NaN within a few steps (SplitMNIST, SGD lr 0.01 momentum 0.9, λ = 1);
 * - penalty (λ/2) · Σ_i ω_i (θ_i − θ*_i)².
 *
 * Batch-norm parameters (those with a sibling `running_mean` in the model's state) and
 * `excludedParameters` are left out. In a hand-written loop: `beginExperience`, then per step
 * `beforeStep` / `afterStep(gradients)`, then `endExperience`; add `penalty` to the loss.
 */
export class SynapticIntelligenceRegularizer {
  readonly siLambda: number | readonly number[];
  readonly eps: number;
  readonly excludedParameters: readonly string[];
  private anchor: NamedTensors = {};
  private omega: NamedTensors = {};
  private cumTrajectory: NamedTensors = {};
  private trajectory: NamedTensors = {};
  private oldTheta: NamedTensors = {};
  private consolidated = false;

  constructor(options: SynapticIntelligenceOptions) {
    const o = parseWithSchema(synapticIntelligenceOptionsSchema, options, 'synapticIntelligence options');
    this.siLambda = o.siLambda;
    this.eps = o.eps;
    this.excludedParameters = o.excludedParameters;
  }

  /** λ for the experience with counter `t`. */
  lambdaFor(t: number): number {
    return typeof this.siLambda === 'number' ? this.siLambda : this.siLambda[Math.min(t, this.siLambda.length - 1)];
  }

  /** The parameters SI tracks, by name. */
  parameters(model: ContinualModel): Array<readonly [string, tf.Variable]> {
    const state = model.stateDict();
    const patterns = this.excludedParameters.map(globToRegExp);
    return model.namedParameters().filter(([name, v]) => {
      if (!v.trainable || patterns.some((p) => p.test(name))) return false;
      const dot = name.lastIndexOf('.');
      return !(`${dot >= 0 ? name.slice(0, dot + 1) : ''}running_mean` in state);
    });
  }

  /** Start of an experience: new parameters get zero importance, grown ones are zero-padded, θ(start) is recorded, w = 0. */
  beginExperience(model: ContinualModel): void {
    for (const [name, p] of this.parameters(model)) {
      for (const store of [this.omega, this.cumTrajectory]) {
        const old = store[name];
        store[name] = tf.keep(old === undefined ? tf.zerosLike(p) : padToShape(old, p.shape).clone());
        old?.dispose();
      }
      this.anchor[name]?.dispose();
      this.anchor[name] = tf.keep(p.clone());
      this.trajectory[name]?.dispose();
      this.trajectory[name] = tf.keep(tf.zerosLike(p));
    }
  }

  /** Before an optimizer step: remember θ. */
  beforeStep(model: ContinualModel): void {
    disposeNamed(this.oldTheta);
    this.oldTheta = {};
    for (const [name, p] of this.parameters(model)) this.oldTheta[name] = tf.keep(p.clone());
  }

  /** After the step: w += g · (θ − θ_old). */
  afterStep(model: ContinualModel, gradients: NamedGradients): void {
    for (const [name, p] of this.parameters(model)) {
      const g = gradients[name];
      const old = this.oldTheta[name];
      const w = this.trajectory[name];
      if (g === undefined || old === undefined || w === undefined) continue;
      this.trajectory[name] = tf.keep(tf.tidy(() => tf.add(w, tf.mul(g, tf.sub(p, old)))));
      w.dispose();
    }
    disposeNamed(this.oldTheta);
    this.oldTheta = {};
  }

  /** End of an experience: C += w / (Δθ² + ξ), ω = clip(−C, 0, 0.001), θ* = θ. */
  endExperience(model: ContinualModel): void {
    for (const [name, p] of this.parameters(model)) {
      const w = this.trajectory[name];
      const start = this.anchor[name];
      const cum = this.cumTrajectory[name];
      if (w === undefined || start === undefined || cum === undefined) continue;
      const nextCum = tf.keep(tf.tidy(() => tf.add(cum, tf.div(w, tf.add(tf.square(tf.sub(p, start)), this.eps)))));
      cum.dispose();
      this.cumTrajectory[name] = nextCum;
      this.omega[name].dispose();
      this.omega[name] = tf.keep(tf.tidy(() => tf.clipByValue(tf.neg(nextCum), 0, CLIP_TO)));
      start.dispose();
      this.anchor[name] = tf.keep(p.clone());
    }
    this.consolidated = true;
  }

  /** (λ/2) · Σ ω (θ − θ*)² with λ of experience counter `t`, or undefined before the first experience ended. */
  penalty(model: ContinualModel, t: number): tf.Scalar | undefined {
    const lambda = this.lambdaFor(t);
    if (!this.consolidated || lambda === 0) return undefined;
    return tf.tidy(() => {
      let total: tf.Tensor = tf.scalar(0);
      for (const [name, p] of this.parameters(model)) {
        const omega = this.omega[name];
        const anchor = this.anchor[name];
        if (omega === undefined || anchor === undefined) continue;
        total = tf.add(total, tf.sum(tf.mul(padToShape(omega, p.shape), tf.square(tf.sub(p, padToShape(anchor, p.shape))))));
      }
      return tf.mul(total, lambda / 2) as tf.Scalar;
    });
  }

  stateDict(): StateDict {
    return {
      consolidated: this.consolidated,
      anchor: namedToState(this.anchor),
      omega: namedToState(this.omega),
      cumTrajectory: namedToState(this.cumTrajectory),
      trajectory: namedToState(this.trajectory),
    };
  }

  loadStateDict(state: StateDict): void {
    if (typeof state.consolidated !== 'boolean') throw new CheckpointError(`SynapticIntelligence state: "consolidated" must be a boolean, got ${JSON.stringify(state.consolidated)}`);
    const anchor = namedFromState(state.anchor, 'SynapticIntelligence state.anchor');
    const omega = namedFromState(state.omega, 'SynapticIntelligence state.omega');
    const cumTrajectory = namedFromState(state.cumTrajectory, 'SynapticIntelligence state.cumTrajectory');
    const trajectory = namedFromState(state.trajectory, 'SynapticIntelligence state.trajectory');
    this.dispose();
    Object.assign(this, { anchor, omega, cumTrajectory, trajectory, consolidated: state.consolidated });
  }

  dispose(): void {
    for (const store of [this.anchor, this.omega, this.cumTrajectory, this.trajectory, this.oldTheta]) disposeNamed(store);
    this.anchor = {};
    this.omega = {};
    this.cumTrajectory = {};
    this.trajectory = {};
    this.oldTheta = {};
    this.consolidated = false;
  }
}

/** fnmatch-like: `*` matches anything; a pattern without a trailing `*` also matches names it prefixes (Avalanche adds `*`). */
function globToRegExp(pattern: string): RegExp {
  const withStar = pattern.endsWith('*') ? pattern : `${pattern}*`;
  return new RegExp(`^${withStar.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
