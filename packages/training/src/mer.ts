import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { parseWithSchema, type NamedGradients } from '@avalanche-ts/core';
import { MetaReplayBuffer } from './meta-replay-buffer.js';
import { sourcesSchema } from './replay-option-fields.js';
import { SupervisedMetaLearningTemplate } from './meta-learning-template.js';
import type { StrategyOptions } from './strategy-options.js';

export const merOptionsSchema = z
  .object({
    /** Reservoir memory size (default 200). */
    memSize: z.number().int().nonnegative().default(200),
    /** Memory samples mixed into the minibatch at each inner step (default 10). */
    batchSizeMem: z.number().int().positive().default(10),
    /** Inner steps (each over the minibatch plus a fresh memory sample) per iteration (default 5). */
    nInnerSteps: z.number().int().positive().default(5),
    /** β, the within-batch Reptile coefficient (default 0.1). */
    beta: z.number().finite().min(0).max(1).default(0.1),
    /** γ, the across-batch Reptile coefficient (default 0.1). */
    gamma: z.number().finite().min(0).max(1).default(0.1),
    /** Experiences whose datasets a restored memory points into (checkpoint resume). */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type MerOptions = z.input<typeof merOptionsSchema>;

/**
 * Meta-Experience Replay (Riemer et al., ICLR 2019, "Learning to Learn without Forgetting by Maximizing
 * Transfer and Minimizing Interference"), as Avalanche's `MER`. For a minibatch B, with θ_A the weights at
 * the start of the iteration, each of `nInnerSteps` inner steps draws M = B ∪ (`batchSizeMem` memory
 * samples), takes one optimizer step per sample of M in order (batch size 1), then applies the
 * within-batch Reptile update θ ← θ_b + β(θ − θ_b), θ_b being the weights before that inner step. The
 * outer (across-batch) update is θ ← θ_A + γ(θ − θ_A). The memory is a reservoir of `memSize` samples
 * updated after each experience; the iteration's `loss` and `mbOutput` are the criterion and the output
 * on B after the outer update. `evalMbSize` defaults to `trainMbSize` (Avalanche's default is 1).
 */
export class MerTemplate extends SupervisedMetaLearningTemplate {
  readonly buffer: MetaReplayBuffer;
  readonly nInnerSteps: number;
  readonly beta: number;
  readonly gamma: number;
  private before: tf.Tensor[] | undefined;

  constructor(options: StrategyOptions & MerOptions) {
    const { memSize, batchSizeMem, nInnerSteps, beta, gamma, sources, ...common } = options;
    const o = parseWithSchema(merOptionsSchema, { memSize, batchSizeMem, nInnerSteps, beta, gamma, sources }, 'MER options');
    const buffer = new MetaReplayBuffer({ memSize: o.memSize, batchSizeMem: o.batchSizeMem, sources: o.sources, name: 'MERBuffer' });
    super({ ...common, plugins: [...(common.plugins ?? []), buffer] });
    this.buffer = buffer;
    this.nInnerSteps = o.nInnerSteps;
    this.beta = o.beta;
    this.gamma = o.gamma;
  }

  protected override innerUpdates(): void {
    const params = this.trainableParameters();
    this.disposeSnapshot();
    this.before = snapshot(params);
    for (let step = 0; step < this.nInnerSteps; step++) {
      const mixed = this.buffer.mix(this.ctx.minibatch!, this.rng);
      const stepStart = snapshot(params);
      try {
        const xs = tf.split(mixed.x, mixed.x.shape[0]);
        const ys = tf.split(mixed.y, mixed.y.shape[0]) as tf.Tensor1D[];
        const ts = tf.split(mixed.taskLabels, mixed.taskLabels.shape[0]) as tf.Tensor1D[];
        try {
          for (let i = 0; i < xs.length; i++) this.sgdStep(params, xs[i], ys[i], ts[i]);
        } finally {
          tf.dispose([...xs, ...ys, ...ts]);
        }
        interpolate(params, stepStart, this.beta);
      } finally {
        tf.dispose([mixed.x, mixed.y, mixed.taskLabels, ...stepStart]);
      }
    }
  }

  protected override outerUpdate(): void {
    const params = this.trainableParameters();
    if (this.before !== undefined) interpolate(params, this.before, this.gamma);
    this.disposeSnapshot();
    const mb = this.ctx.minibatch!;
    const seed = this.rng.nextSeed();
    this.ctx.mbOutput = tf.tidy(() => this.model.forward(mb.x, { taskLabels: mb.taskLabels, seed }));
    this.ctx.loss = tf.tidy(() => this.criterion(this.ctx.mbOutput!, mb.y, this.ctx));
  }

  override dispose(): void {
    this.disposeSnapshot();
    super.dispose();
  }

  /** One optimizer step on a single sample. */
  private sgdStep(params: ReadonlyArray<readonly [string, tf.Variable]>, x: tf.Tensor, y: tf.Tensor1D, t: tf.Tensor1D): void {
    const seed = this.rng.nextSeed();
    const { value, grads } = tf.variableGrads(() => this.criterion(this.model.forward(x, { taskLabels: t, seed }), y, this.ctx), params.map(([, v]) => v));
    const named: NamedGradients = {};
    for (const [name, v] of params) if (grads[v.name] !== undefined) named[name] = grads[v.name];
    this.optimizer.step(named);
    tf.dispose([value, ...Object.values(grads)]);
  }

  private disposeSnapshot(): void {
    if (this.before) tf.dispose(this.before);
    this.before = undefined;
  }
}

/** Copies of the parameters' current values. */
function snapshot(params: ReadonlyArray<readonly [string, tf.Variable]>): tf.Tensor[] {
  return params.map(([, v]) => v.clone());
}

/** θ ← θ₀ + c(θ − θ₀) for every parameter (Reptile). */
function interpolate(params: ReadonlyArray<readonly [string, tf.Variable]>, start: readonly tf.Tensor[], c: number): void {
  tf.tidy(() => params.forEach(([, v], i) => v.assign(tf.add(start[i], tf.mul(tf.sub(v, start[i]), c)))));
}

/** Creates a {@link MerTemplate} (Avalanche's `MER`): `mer({ model, optimizer, memSize: 200 })`. */
export function mer(options: StrategyOptions & MerOptions): MerTemplate {
  return new MerTemplate(options);
}
