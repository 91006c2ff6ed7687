import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { CheckpointError, parseWithSchema, type ContinualModel, type StateDict, type StrategyContext, type StrategyPlugin } from '@avalanche-ts/core';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { batchGradients, cloneParameters, disposeNamed, namedFromState, namedToState, padToShape, withTrainingMode, zerosLikeParameters, type NamedTensors } from './parameter-tensors.js';
import type { Criterion } from './strategy-options.js';

export const rwalkOptionsSchema = z
  .object({
    /** λ, the penalty's weight (default 0.1). */
    ewcLambda: z.number().nonnegative().default(0.1),
    /** α of the EWC++ moving average F ← α·g² + (1 − α)·F, in [0, 1] (default 0.9). */
    ewcAlpha: z.number().min(0).max(1).default(0.9),
    /** Iterations between two path-score updates (default 10). */
    deltaT: z.number().int().min(1).default(10),
  })
  .strict();
export type RWalkOptions = z.input<typeof rwalkOptionsSchema>;

/** RWalk plugin options: the method's, plus the loss whose gradients make the importance (default cross-entropy). */
export type RWalkPluginOptions = RWalkOptions & { criterion?: Criterion };

/** float32 machine epsilon (PyTorch's `torch.finfo(float32).eps`), the damping of the score denominator. */
const EPS = 1.1920928955078125e-7;

/**
 * Riemannian Walk (Chaudhry, Dokania, Ajanthan & Torr 2018, "Riemannian Walk for Incremental Learning:
 * Understanding Forgetting and Intransigence", ECCV), as Avalanche's `RWalkPlugin`:
 *
 * - before each iteration, g = ∇θ L(batch) of the criterion alone (model in eval mode) and the EWC++
 *   importance F ← α·g² + (1 − α)·F (Eq. 6);
 * - after it, the loss-change estimate ΔL −= g·(θ_new − θ_old) (Eq. 7); every `deltaT` iterations (global
 *   iteration count) the path score s += ΔL / (½·F·(θ − θ_checkpoint)² + ε), then ΔL = 0 and θ_checkpoint = θ;
 * - after experience k: S_k = s (first experience) or ½·(S_{k−1} + s); the penalty weights
 *   P = F / max F + relu(S_k) / max S_k and θ*_k = θ are fixed (Eq. 8);
 * - from the second experience on, the loss is criterion + λ · Σ_i P_i (θ_i − θ*_k,i)².
 *
 * Differences from Avalanche: the model's mode is restored after the importance gradient (Avalanche leaves
 * the model in eval mode, so the training forward pass runs without dropout); a normaliser (max F or max S)
 * that is not positive drops its term instead of dividing by zero. Task labels are not used. For
 * class-incremental scenarios the paper pairs it with replay.
 */
export class RWalkPlugin implements StrategyPlugin {
  readonly name = 'RWalkPlugin';
  readonly ewcLambda: number;
  readonly ewcAlpha: number;
  readonly deltaT: number;
  private readonly criterion: Criterion;
  private checkpointParams: NamedTensors = {};
  private checkpointLoss: NamedTensors = {};
  private checkpointScores: NamedTensors = {};
  private iterGrad: NamedTensors = {};
  private iterParams: NamedTensors = {};
  private iterImportance: NamedTensors | undefined;
  private expScores: NamedTensors | undefined;
  private expParams: NamedTensors = {};
  private expPenalties: NamedTensors | undefined;

  constructor(options: RWalkPluginOptions = {}) {
    const { criterion, ...rest } = options;
    const o = parseWithSchema(rwalkOptionsSchema, rest, 'rwalk options');
    this.ewcLambda = o.ewcLambda;
    this.ewcAlpha = o.ewcAlpha;
    this.deltaT = o.deltaT;
    this.criterion = criterion ?? crossEntropyLoss;
  }

  /** The fixed penalty weights P of the last experience (live tensors; do not dispose), or undefined before it. */
  get penalties(): Readonly<NamedTensors> | undefined {
    return this.expPenalties;
  }

  beforeTraining(context: StrategyContext): void {
    replace(this, 'checkpointLoss', zerosLikeParameters(context.model));
    replace(this, 'checkpointScores', zerosLikeParameters(context.model));
    replace(this, 'checkpointParams', cloneParameters(context.model));
  }

  beforeTrainingIteration(context: StrategyContext): void {
    const batch = context.minibatch;
    if (batch === undefined) return;
    const grads = withTrainingMode(context.model, false, () => batchGradients(context.model, batch, (out, mb) => this.criterion(out, mb.y, context)));
    replace(this, 'iterGrad', grads);
    const previous = this.iterImportance;
    const next: NamedTensors = {};
    for (const [name, g] of Object.entries(grads)) {
      const old = previous?.[name];
      next[name] = tf.keep(tf.tidy(() => (old === undefined ? tf.square(g) : tf.add(tf.mul(tf.square(g), this.ewcAlpha), tf.mul(padToShape(old, g.shape), 1 - this.ewcAlpha)))));
    }
    disposeNamed(previous);
    this.iterImportance = next;
    replace(this, 'iterParams', cloneParameters(context.model));
  }

  lossTerm(context: StrategyContext): tf.Scalar | undefined {
    if (context.clock.trainExpCounter === 0 || this.expPenalties === undefined || this.ewcLambda === 0) return undefined;
    const penalties = this.expPenalties;
    return tf.tidy(() => {
      let total: tf.Tensor = tf.scalar(0);
      for (const [name, p] of context.model.namedParameters()) {
        const weight = penalties[name];
        const anchor = this.expParams[name];
        if (weight === undefined || anchor === undefined) continue;
        total = tf.add(total, tf.sum(tf.mul(padToShape(weight, p.shape), tf.square(tf.sub(p, padToShape(anchor, p.shape))))));
      }
      return tf.mul(total, this.ewcLambda) as tf.Scalar;
    });
  }

  afterTrainingIteration(context: StrategyContext): void {
    const model = context.model;
    this.updateStore('checkpointLoss', model, (loss, p, name) => {
      const g = this.iterGrad[name];
      const old = this.iterParams[name];
      return g === undefined || old === undefined ? undefined : tf.sub(loss, tf.mul(padToShape(g, p.shape), tf.sub(p, padToShape(old, p.shape))));
    });
    if ((context.clock.trainIterations + 1) % this.deltaT !== 0) return;
    const importance = this.iterImportance ?? {};
    this.updateStore('checkpointScores', model, (score, p, name) => {
      const imp = importance[name];
      const loss = this.checkpointLoss[name];
      const start = this.checkpointParams[name];
      if (imp === undefined || loss === undefined || start === undefined) return undefined;
      const denom = tf.add(tf.mul(tf.mul(padToShape(imp, p.shape), 0.5), tf.square(tf.sub(p, padToShape(start, p.shape)))), EPS);
      return tf.add(score, tf.div(padToShape(loss, p.shape), denom));
    });
    replace(this, 'checkpointLoss', zerosLikeParameters(model));
    replace(this, 'checkpointParams', cloneParameters(model));
  }

  afterTrainingExp(context: StrategyContext): void {
    const model = context.model;
    replace(this, 'expParams', cloneParameters(model));
    const previous = this.expScores;
    const scores: NamedTensors = {};
    for (const [name, s] of Object.entries(this.checkpointScores)) {
      const old = previous?.[name];
      if (previous !== undefined && old === undefined) continue;
      scores[name] = tf.keep(old === undefined ? s.clone() : tf.tidy(() => tf.mul(tf.add(padToShape(old, s.shape), s), 0.5)));
    }
    disposeNamed(previous);
    this.expScores = scores;
    const importance = this.iterImportance ?? {};
    const maxOf = (values: tf.Tensor[]) => (values.length === 0 ? 0 : Math.max(...values.map((t) => tf.tidy(() => t.max().dataSync()[0]))));
    const maxScore = maxOf(Object.values(scores));
    const maxImp = maxOf(Object.values(importance));
    const penalties: NamedTensors = {};
    for (const [name, score] of Object.entries(scores)) {
      const imp = importance[name];
      if (imp === undefined) continue;
      penalties[name] = tf.keep(
        tf.tidy(() => {
          const impTerm = maxImp > 0 ? tf.div(imp, maxImp) : tf.zerosLike(imp);
          const scoreTerm = maxScore > 0 ? tf.div(tf.relu(padToShape(score, imp.shape)), maxScore) : tf.zerosLike(imp);
          return tf.add(impTerm, scoreTerm);
        }),
      );
    }
    disposeNamed(this.expPenalties);
    this.expPenalties = penalties;
    replace(this, 'checkpointScores', zerosLikeParameters(model));
  }

  stateDict(): StateDict {
    return {
      iterImportance: this.iterImportance === undefined ? null : namedToState(this.iterImportance),
      expScores: this.expScores === undefined ? null : namedToState(this.expScores),
      expPenalties: this.expPenalties === undefined ? null : namedToState(this.expPenalties),
      expParams: namedToState(this.expParams),
    };
  }

  loadStateDict(state: StateDict): void {
    const optional = (key: string) => (state[key] === null ? undefined : namedFromState(state[key], `RWalkPlugin state.${key}`));
    if (!('expParams' in state)) throw new CheckpointError('RWalkPlugin state: missing "expParams"');
    const loaded = { iterImportance: optional('iterImportance'), expScores: optional('expScores'), expPenalties: optional('expPenalties') };
    const expParams = namedFromState(state.expParams, 'RWalkPlugin state.expParams');
    this.dispose();
    Object.assign(this, loaded, { expParams });
  }

  dispose(): void {
    for (const store of [this.checkpointParams, this.checkpointLoss, this.checkpointScores, this.iterGrad, this.iterParams, this.iterImportance, this.expScores, this.expParams, this.expPenalties]) disposeNamed(store);
    Object.assign(this, { checkpointParams: {}, checkpointLoss: {}, checkpointScores: {}, iterGrad: {}, iterParams: {}, iterImportance: undefined, expScores: undefined, expParams: {}, expPenalties: undefined });
  }

  /** Replaces each entry of a store by `update(old, parameter, name)` (kept); entries it returns undefined for stay. New parameters start at zero. */
  private updateStore(key: 'checkpointLoss' | 'checkpointScores', model: ContinualModel, update: (old: tf.Tensor, p: tf.Variable, name: string) => tf.Tensor | undefined): void {
    const store = this[key];
    for (const [name, p] of model.namedParameters()) {
      if (!p.trainable) continue;
      const old = store[name];
      const next = tf.tidy(() => update(old === undefined ? tf.zerosLike(p) : padToShape(old, p.shape), p, name));
      if (next === undefined) continue;
      store[name] = tf.keep(next);
      old?.dispose();
    }
  }
}

/** Disposes `owner[key]` and stores `value` there. */
function replace<K extends 'checkpointParams' | 'checkpointLoss' | 'checkpointScores' | 'iterGrad' | 'iterParams' | 'expParams'>(owner: RWalkPlugin, key: K, value: NamedTensors): void {
  const o = owner as unknown as Record<K, NamedTensors>;
  disposeNamed(o[key]);
  o[key] = value;
}

/** An {@link RWalkPlugin}: `rwalkPlugin()` uses Avalanche's defaults (λ 0.1, α 0.9, Δt 10). */
export function rwalkPlugin(options: RWalkPluginOptions = {}): RWalkPlugin {
  return new RWalkPlugin(options);
}
