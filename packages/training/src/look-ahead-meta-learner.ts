import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  CheckpointError,
  StrategyError,
  parseWithSchema,
  type ContinualModel,
  type Minibatch,
  type NamedGradients,
  type StateDict,
  type StrategyContext,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import type { Optimizer } from './optimizer.js';
import type { Criterion } from './strategy-options.js';

export const lookAheadOptionsSchema = z
  .object({
    /** K, the inner (look-ahead) updates per minibatch; the minibatch is cut into K chunks (default 5). */
    nInnerUpdates: z.number().int().positive().default(5),
    /** Differentiate through the inner updates (Hessian-vector products); false: first-order (default true). */
    secondOrder: z.boolean().default(true),
    /** c: inner gradients are clamped to [−c, c]; meta-gradients are clipped to norm c (default 1). */
    gradClipNorm: z.number().finite().positive().default(1),
    /** Learn the per-parameter learning rates α (default true). */
    learnLr: z.boolean().default(true),
    /** Learning rate of the α update (SGD) (default 0.25). */
    lrAlpha: z.number().finite().nonnegative().default(0.25),
    /** Update the weights with the strategy's optimizer instead of with relu(α) (default false). */
    syncUpdate: z.boolean().default(false),
    /** Initial value of every α (default 0.1). */
    alphaInit: z.number().finite().default(0.1),
  })
  .strict();
export type LookAheadOptions = z.input<typeof lookAheadOptionsSchema>;

/** A chunk or batch with the dropout seed of its forward pass (reused when a pass is recomputed). */
export interface SeededBatch {
  readonly batch: Minibatch;
  readonly seed: number;
}

/** What {@link LookAheadMetaLearner.metaGradients} returns; the caller frees it (`disposeMetaStep`). */
export interface MetaStep {
  /** ∂L_meta/∂θ₀ per trainable parameter, in `params` order. */
  readonly paramGrads: tf.Tensor[];
  /** ∂L_meta/∂α per trainable parameter, in `params` order. */
  readonly alphaGrads: tf.Tensor[];
  /** L_meta, the mean of the K meta-losses. */
  readonly loss: tf.Scalar;
  /** The look-ahead model's output on the meta batch at θ_K. */
  readonly output: tf.Tensor2D;
}

type Params = ReadonlyArray<readonly [string, tf.Variable]>;

/**
 * Look-ahead MAML (Gupta, Yadav & Paull, NeurIPS 2020, "La-MAML: Look-ahead Meta Learning for Continual
 * Learning"), the algorithm of Avalanche's `lamaml_v2`, over a plain `ContinualModel`. For a minibatch
 * split into K chunks (x_k, y_k) and a meta batch M (the minibatch plus memory samples):
 *
 *   θ_k = θ_{k−1} − α ⊙ clamp(∇ℓ(θ_{k−1}; x_k, y_k), −c, c),   L_meta = (1/K) Σ_k ℓ(θ_k; M),
 *
 * then the meta-gradients g_θ = ∂L_meta/∂θ₀ and g_α = ∂L_meta/∂α are clipped to norm c, α ← α − η_α g_α
 * (when `learnLr`), and θ₀ ← θ₀ − g_θ ⊙ relu(α) (or an optimizer step with g_θ when `syncUpdate`).
 *
 * TensorFlow.js has no functional call with substitute weights, so the inner trajectory runs on the model's
 * own variables (assigned θ_k in turn) and the meta-gradient is accumulated backwards: with v = ∂L_meta/∂θ_k,
 * g_α += −clamp(g_k) ⊙ v and v ← v − H_k (D_k ⊙ α ⊙ v) + (1/K) ∇ℓ(θ_{k−1}; M), where H_k is the Hessian of the
 * k-th inner loss at θ_{k−1} (an exact Hessian-vector product by nested `tf.variableGrads`) and D_k the
 * clamp's 0/1 derivative. This is the gradient PyTorch's `create_graph=True` gives; `secondOrder: false`
 * drops the H_k term (Avalanche's first-order mode). Second-order terms are exact for MLPs of TF.js ops
 * whose gradient reads only their inputs (matMul, fused matMul, add, mul, relu, leakyRelu, reshape, log, ...).
 * Kernels whose registered gradient reads their own output (Exp, Sigmoid, Tanh, Softmax, LogSoftmax, Elu,
 * Pow, Max, Min, MaxPool, LRN) silently lose their curvature terms (TF.js records the saved output's copy
 * before the node that produced it, and its tape filter drops the copy), hence the default criterion
 * {@link secondOrderCrossEntropyLoss}; gradient kernels without a gradient of their own (MaxPoolGrad,
 * AvgPoolGrad, Conv2DBackpropFilter, ..., so any CNN) make the Hessian product fail with a StrategyError
 * that names the kernel (the tensors TF.js saved for that failed pass stay allocated): use
 * `secondOrder: false` there. Forward passes are recomputed
 * for the Hessian products (same dropout seeds), so batch-norm running statistics see K more updates.
 *
 * As a plugin it owns α (one tensor per parameter, grown with the model as Avalanche's) and saves it in
 * checkpoints.
 */
export class LookAheadMetaLearner implements StrategyPlugin {
  readonly name = 'LaMAML';
  readonly nInnerUpdates: number;
  readonly secondOrder: boolean;
  readonly gradClipNorm: number;
  readonly learnLr: boolean;
  readonly lrAlpha: number;
  readonly syncUpdate: boolean;
  readonly alphaInit: number;
  private readonly alphas = new Map<string, tf.Variable>();

  constructor(options: LookAheadOptions = {}) {
    const o = parseWithSchema(lookAheadOptionsSchema, options, 'LaMAML options');
    this.nInnerUpdates = o.nInnerUpdates;
    this.secondOrder = o.secondOrder;
    this.gradClipNorm = o.gradClipNorm;
    this.learnLr = o.learnLr;
    this.lrAlpha = o.lrAlpha;
    this.syncUpdate = o.syncUpdate;
    this.alphaInit = o.alphaInit;
  }

  /** The learning rates α by parameter name (live variables). */
  get learningRates(): ReadonlyMap<string, tf.Variable> {
    return this.alphas;
  }

  beforeTrainingExp(context: StrategyContext): void {
    this.syncLearningRates(context.model);
  }

  /**
   * One α per parameter: new parameters get `alphaInit`; a parameter that grew along one dimension keeps
   * its old α in the leading entries and `alphaInit` in the new ones (Avalanche's expansion rule).
   */
  syncLearningRates(model: ContinualModel): void {
    for (const [name, p] of model.namedParameters()) {
      const old = this.alphas.get(name);
      if (old === undefined) {
        const init = tf.fill(p.shape, this.alphaInit);
        this.alphas.set(name, tf.variable(init, false));
        init.dispose();
        continue;
      }
      if (tf.util.arraysEqual(old.shape, p.shape)) continue;
      if (old.rank !== p.rank || old.shape.some((d, i) => d > p.shape[i]) || old.shape.filter((d, i) => d !== p.shape[i]).length > 1) {
        throw new StrategyError(`LaMAML: parameter "${name}" changed from [${old.shape}] to [${p.shape}]; only growth along one dimension is supported`);
      }
      const grown = tf.tidy(() => tf.pad(old, old.shape.map((d, i) => [0, p.shape[i] - d] as [number, number]), this.alphaInit));
      this.alphas.set(name, tf.variable(grown, false));
      grown.dispose();
      old.dispose();
    }
  }

  /**
   * Runs the K inner updates from the model's current weights θ₀ and returns the meta-gradients. The
   * model's variables hold θ₀ again when it returns. `chunks` are the inner batches, `meta` the meta batch.
   */
  metaGradients(model: ContinualModel, params: Params, criterion: Criterion, context: StrategyContext, chunks: readonly SeededBatch[], meta: SeededBatch): MetaStep {
    if (chunks.length === 0) throw new StrategyError('LaMAML: no inner batch');
    this.syncLearningRates(model);
    const vars = params.map(([, v]) => v);
    const alpha = params.map(([name]) => this.alphas.get(name)!);
    const innerLoss = (c: SeededBatch) => () => criterion(model.forward(c.batch.x, { taskLabels: c.batch.taskLabels, seed: c.seed }), c.batch.y, context);
    const k = chunks.length;
    const c = this.gradClipNorm;
    const theta0 = vars.map((v) => v.clone());
    const thetas: tf.Tensor[][] = [theta0];
    const clamped: tf.Tensor[][] = [];
    const masks: tf.Tensor[][] = [];
    const metaGrads: tf.Tensor[][] = [];
    const metaLosses: tf.Scalar[] = [];
    let output: tf.Tensor2D | undefined;
    try {
      for (let i = 0; i < k; i++) {
        const raw = gradientsOf(innerLoss(chunks[i]), vars);
        const g = tf.tidy(() => raw.map((t) => tf.clipByValue(t, -c, c)));
        // D_k: the clamp passes the gradient where −c ≤ g ≤ c (torch.clamp's backward).
        if (this.secondOrder) masks.push(tf.tidy(() => raw.map((t) => tf.cast(tf.lessEqual(tf.abs(t), c), 'float32'))));
        tf.dispose(raw);
        clamped.push(g);
        const next = tf.tidy(() => thetas[i].map((t, j) => tf.sub(t, tf.mul(alpha[j], g[j]))));
        thetas.push(next);
        assignAll(vars, next);
        let logits: tf.Tensor2D | undefined;
        const { value, grads } = tf.variableGrads(() => {
          const out = model.forward(meta.batch.x, { taskLabels: meta.batch.taskLabels, seed: meta.seed });
          if (i === k - 1) logits = tf.keep(out.clone());
          return criterion(out, meta.batch.y, context);
        }, vars);
        metaLosses.push(value);
        metaGrads.push(vars.map((v) => grads[v.name] ?? tf.zerosLike(v)));
        output = logits;
      }
      // Backward through the trajectory: v = ∂L_meta/∂θ_i, from i = K down to 0.
      let v = tf.tidy(() => metaGrads[k - 1].map((m) => tf.div(m, k)));
      let alphaGrads: tf.Tensor[] = vars.map((x) => tf.zerosLike(x));
      for (let i = k; i >= 1; i--) {
        const vNow = v;
        const nextAlpha = tf.tidy(() => alphaGrads.map((a, j) => tf.sub(a, tf.mul(clamped[i - 1][j], vNow[j]))));
        tf.dispose(alphaGrads);
        alphaGrads = nextAlpha;
        let back = vNow;
        if (this.secondOrder) {
          assignAll(vars, thetas[i - 1]);
          const u = tf.tidy(() => vNow.map((x, j) => tf.mul(tf.mul(x, alpha[j]), masks[i - 1][j])));
          let hvp: tf.Tensor[];
          try {
            hvp = hessianVectorProduct(innerLoss(chunks[i - 1]), vars, u);
          } catch (error) {
            tf.dispose([...u, ...vNow, ...alphaGrads, output]);
            throw error;
          }
          back = tf.tidy(() => vNow.map((x, j) => tf.sub(x, hvp[j])));
          tf.dispose([...u, ...hvp]);
        }
        if (i > 1) {
          const withMeta = tf.tidy(() => back.map((x, j) => tf.add(x, tf.div(metaGrads[i - 2][j], k))));
          if (back !== vNow) tf.dispose(back);
          back = withMeta;
        }
        if (back !== vNow) tf.dispose(vNow);
        v = back;
      }
      const loss = tf.tidy(() => tf.div(tf.addN(metaLosses), k) as tf.Scalar);
      return { paramGrads: v, alphaGrads, loss, output: output! };
    } finally {
      assignAll(vars, theta0);
      tf.dispose([...thetas.flat(), ...clamped.flat(), ...masks.flat(), ...metaGrads.flat(), ...metaLosses]);
    }
  }

  /**
   * The outer update: clips g_θ (and g_α) to norm `gradClipNorm`, updates α by SGD when `learnLr`, then
   * θ ← θ − g_θ ⊙ relu(α), or `optimizer.step(g_θ)` with `syncUpdate`.
   */
  applyMetaStep(params: Params, step: MetaStep, optimizer: Optimizer): void {
    const grads = clipByGlobalNorm(step.paramGrads, this.gradClipNorm);
    try {
      if (this.learnLr) {
        const alphaGrads = clipByGlobalNorm(step.alphaGrads, this.gradClipNorm);
        tf.tidy(() => params.forEach(([name], j) => {
          const a = this.alphas.get(name)!;
          a.assign(tf.sub(a, tf.mul(alphaGrads[j], this.lrAlpha)));
        }));
        tf.dispose(alphaGrads);
      }
      if (this.syncUpdate) {
        const named: NamedGradients = {};
        params.forEach(([name], j) => (named[name] = grads[j]));
        optimizer.step(named);
      } else {
        tf.tidy(() => params.forEach(([name, p], j) => p.assign(tf.sub(p, tf.mul(grads[j], tf.relu(this.alphas.get(name)!))))));
      }
    } finally {
      tf.dispose(grads);
    }
  }

  stateDict(): StateDict {
    return { names: [...this.alphas.keys()], alphas: [...this.alphas.values()].map((a) => a.clone()) };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(z.object({ names: z.array(z.string()), alphas: z.array(z.instanceof(tf.Tensor)) }), state, 'LaMAML state');
    if (s.names.length !== s.alphas.length) throw new CheckpointError(`LaMAML state: ${s.names.length} names but ${s.alphas.length} learning-rate tensors`);
    this.dispose();
    // A variable shares the saved tensor's data (reference counted), so the caller may free the state.
    s.names.forEach((name, i) => this.alphas.set(name, tf.variable(s.alphas[i], false)));
  }

  dispose(): void {
    for (const a of this.alphas.values()) a.dispose();
    this.alphas.clear();
  }
}

/** Frees the tensors of a {@link MetaStep}. */
export function disposeMetaStep(step: MetaStep): void {
  tf.dispose([...step.paramGrads, ...step.alphaGrads, step.loss, step.output]);
}

/** ∇f at the variables' current values, one tensor per variable (zeros where f does not depend on it). */
function gradientsOf(f: () => tf.Scalar, vars: tf.Variable[]): tf.Tensor[] {
  const { value, grads } = tf.variableGrads(f, vars);
  value.dispose();
  return vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
}

/**
 * H·u, the Hessian of f at the variables' current values times u, as ∇⟨∇f, u⟩ (nested gradients). TF.js
 * registers no gradient for most gradient kernels (MaxPoolGrad, AvgPoolGrad, Conv2DBackpropFilter, ...), so
 * models with those ops cannot be differentiated twice: that is reported instead of silently dropping terms.
 */
function hessianVectorProduct(f: () => tf.Scalar, vars: tf.Variable[], u: readonly tf.Tensor[]): tf.Tensor[] {
  let result: { value: tf.Scalar; grads: tf.NamedTensorMap };
  try {
    result = tf.variableGrads(() => {
      const inner = tf.variableGrads(f, vars);
      inner.value.dispose();
      return tf.addN(vars.map((v, j) => (inner.grads[v.name] === undefined ? tf.scalar(0) : tf.sum(tf.mul(inner.grads[v.name], u[j]))))) as tf.Scalar;
    }, vars);
  } catch (error) {
    const kernel = /gradient function not found for (\w+)/.exec(String((error as Error).message))?.[1];
    if (kernel === undefined) throw error;
    throw new StrategyError(
      `LaMAML secondOrder: TensorFlow.js has no gradient for the "${kernel}" kernel (the gradient of one of the model's ops), so the meta-gradient cannot be differentiated through it. Avalanche has no per-op first-order fallback; use secondOrder: false (its first-order mode) with this model.`,
      { cause: error },
    );
  }
  result.value.dispose();
  return vars.map((v) => result.grads[v.name] ?? tf.zerosLike(v));
}

function assignAll(vars: readonly tf.Variable[], values: readonly tf.Tensor[]): void {
  vars.forEach((v, i) => v.assign(values[i]));
}

/** PyTorch's `clip_grad_norm_`: scales every tensor by min(1, max / (‖g‖ + 1e-6)), ‖g‖ the norm of all of them. */
function clipByGlobalNorm(grads: readonly tf.Tensor[], max: number): tf.Tensor[] {
  return tf.tidy(() => {
    const total = Math.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))).dataSync()[0]);
    const coef = Math.min(1, max / (total + 1e-6));
    return grads.map((g) => (coef < 1 ? tf.mul(g, coef) : g.clone()));
  });
}
