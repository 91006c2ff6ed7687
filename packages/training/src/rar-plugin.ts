import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  StrategyError,
  disposeMinibatch,
  parseWithSchema,
  type ContinualModel,
  type Minibatch,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { BufferSampler } from './buffer-sampler.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { batchGradients } from './parameter-tensors.js';
import { ReplayDataLoader } from './replay-data-loader.js';
import { ReplayMemory, sourcesSchema } from './replay-memory.js';
import { checkMemSize, storagePolicySchema } from './replay-option-fields.js';
import { ReservoirSamplingBuffer } from './reservoir-sampling-buffer.js';

export const rarOptionsSchema = z
  .object({
    /** Current and memory samples per minibatch, and memory samples attacked per iteration (default: the strategy's `trainMbSize`). */
    batchSizeMem: z.number().int().positive().optional(),
    /** Memory size (default 200). */
    memSize: z.number().int().positive().default(200),
    /** Learning rate of the look-ahead SGD step on a copy of the model (default 0.1). */
    optLr: z.number().positive().default(0.1),
    /** Add the adversarial replay term (default true; false leaves plain replay). */
    useAdversarialReplay: z.boolean().default(true),
    /** β, weight of the loss on the attacked memory samples (default 0.4). */
    betaCoef: z.number().nonnegative().default(0.4),
    /** Momentum decay μ of the MI-FGSM attack (default 1). */
    decayFactorFgsm: z.number().nonnegative().default(1),
    /** ε, the attack's L∞ budget (default 0.0314). */
    epsilonFgsm: z.number().positive().default(0.0314),
    /** Attack iterations; Avalanche takes iterFgsm − 1 steps of ε / iterFgsm (default 2). */
    iterFgsm: z.number().int().positive().default(2),
    /**
     * Range attacked inputs are clipped to (default [0, 1], Avalanche's; pass the range of normalised
     * inputs, e.g. [−0.4242, 2.8215] for Normalize(0.1307, 0.3081) MNIST, or null for none).
     */
    clipRange: z.tuple([z.number(), z.number()]).nullable().default([0, 1]),
    /** Which samples to keep (default `new ReservoirSamplingBuffer(memSize)`); its maxSize must equal memSize. */
    storagePolicy: storagePolicySchema('new ReservoirSamplingBuffer(200)').optional(),
    /** Experiences (e.g. the train stream) whose datasets a restored buffer points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type RarOptions = z.input<typeof rarOptionsSchema>;

/**
 * Retrospective Adversarial Replay (Kumari et al., "Retrospective Adversarial Replay for Continual
 * Learning", NeurIPS 2022), as Avalanche's `RARPlugin`. Minibatches are `batchSizeMem` current plus
 * `batchSizeMem` memory samples (a replay loader). Each iteration also draws `batchSizeMem` memory
 * samples x_m and, on a copy of the model after one SGD step (`optLr`) on the minibatch, pairs each with
 * the nearest (in feature space, `model.getFeatures`) current sample of another class, whose label y_t
 * becomes the attack target. With g = ∇ₓ CE(f'(x_m), y_t), MI-FGSM perturbs x_m by iterFgsm − 1 steps
 * of x ← clip(x + (ε/iterFgsm)·sign(G)), G ← μ·G + g/‖g‖₁, stopping when ‖x − x_m‖∞ > ε, and the loss
 * gains β · CE(f(x̃_m), y_m).
 *
 * Differences from Avalanche, on purpose: the target is the *nearest* other-class sample, as the paper
 * says (Avalanche's loop keeps the last, i.e. farthest, one); features come from `getFeatures` instead
 * of a torchvision node name (`name_ext_layer`); `clipRange` makes Avalanche's fixed [0, 1] clip
 * configurable for normalised inputs. The memory is updated after each experience.
 */
export class RarPlugin implements StrategyPlugin {
  readonly name = 'RARPlugin';
  readonly options: Readonly<Omit<z.output<typeof rarOptionsSchema>, 'storagePolicy' | 'sources'>>;
  readonly memory: ReplayMemory;
  private shadow: ContinualModel | undefined;
  private sampler: BufferSampler | undefined;
  private attacked: { x: tf.Tensor; y: tf.Tensor1D; taskLabels: tf.Tensor1D; seed: number } | undefined;

  constructor(options: RarOptions = {}) {
    const { storagePolicy, sources, ...o } = parseWithSchema(rarOptionsSchema, options, 'rar options');
    checkMemSize('rar options', storagePolicy, o.memSize);
    this.options = o;
    this.memory = new ReplayMemory(storagePolicy ?? new ReservoirSamplingBuffer(o.memSize), sources);
  }

  /** The attacked memory batch of the current iteration (inputs and their true labels), for inspection. */
  get attackedBatch(): { readonly x: tf.Tensor; readonly y: tf.Tensor1D } | undefined {
    return this.attacked;
  }

  beforeTrainingExp(context: StrategyContext, controls: StrategyControls): void {
    const buffer = this.memory.policy.buffer;
    if (buffer === undefined || buffer.length === 0 || context.adaptedDataset === undefined) return;
    const size = this.options.batchSizeMem ?? context.trainMbSize;
    controls.setDataLoader(new ReplayDataLoader(context.adaptedDataset, buffer, { batchSize: size, batchSizeMem: size, rng: context.rng }));
    this.sampler = new BufferSampler(buffer, size, context.rng, false);
    if (this.options.useAdversarialReplay) {
      if (context.model.getFeatures === undefined) throw new StrategyError(`RARPlugin needs a model with getFeatures(); ${context.model.name} has none`);
      this.shadow = context.model.clone();
    }
  }

  beforeForward(context: StrategyContext): void {
    this.release();
    const mb = context.minibatch;
    if (this.sampler === undefined || this.shadow === undefined || mb === undefined || this.options.betaCoef === 0) return;
    const memory = this.sampler.next();
    try {
      const x = this.attack(context, mb, memory);
      this.attacked = { x, y: tf.keep(memory.y.clone()), taskLabels: tf.keep(memory.taskLabels.clone()), seed: context.rng.nextSeed() };
    } finally {
      disposeMinibatch(memory);
    }
  }

  lossTerm(context: StrategyContext): tf.Scalar | undefined {
    const a = this.attacked;
    if (a === undefined) return undefined;
    return tf.tidy(() => tf.mul(this.options.betaCoef, crossEntropyLoss(context.model.forward(a.x, { taskLabels: a.taskLabels, seed: a.seed }), a.y)) as tf.Scalar);
  }

  afterTrainingIteration(): void {
    this.release();
  }

  afterTrainingExp(context: StrategyContext): void {
    this.release();
    this.sampler = undefined;
    this.shadow?.dispose();
    this.shadow = undefined;
    if (context.experience !== undefined) this.memory.update(context.experience, context);
  }

  stateDict(): StateDict {
    return { storage: this.memory.stateDict() };
  }

  loadStateDict(state: StateDict): void {
    this.memory.loadStateDict(state.storage, 'RARPlugin state.storage');
  }

  dispose(): void {
    this.release();
    this.sampler = undefined;
    this.shadow?.dispose();
    this.shadow = undefined;
  }

  /** The attacked memory inputs (kept): look-ahead copy, nearest other-class targets, MI-FGSM. */
  private attack(context: StrategyContext, mb: Minibatch, memory: Minibatch): tf.Tensor {
    const shadow = this.shadow!;
    const { optLr, epsilonFgsm, iterFgsm, decayFactorFgsm, clipRange } = this.options;
    shadow.loadStateDict(context.model.stateDict());
    shadow.setTraining(context.model.training);
    const seed = context.rng.nextSeed();
    const grads = batchGradients(shadow, mb, (out, b) => crossEntropyLoss(out, b.y), seed);
    const params = new Map(shadow.namedParameters());
    tf.tidy(() => {
      for (const [name, g] of Object.entries(grads)) {
        const v = params.get(name);
        if (v !== undefined) v.assign(tf.sub(v, tf.mul(g, optLr)));
      }
    });
    tf.dispose(Object.values(grads));
    const targets = tf.tidy(() => {
      const fCur = shadow.getFeatures!(mb.x, { taskLabels: mb.taskLabels });
      const fMem = shadow.getFeatures!(memory.x, { taskLabels: memory.taskLabels });
      const d2 = tf.add(tf.sub(tf.sum(tf.square(fMem), 1, true), tf.mul(2, tf.matMul(fMem, fCur, false, true))), tf.sum(tf.square(fCur), 1));
      const dist = d2.dataSync();
      const yCur = mb.y.dataSync();
      const yMem = memory.y.dataSync();
      const n = yCur.length;
      return tf.tensor1d(
        Int32Array.from(yMem, (ym, j) => {
          let best = -1;
          for (let i = 0; i < n; i++) if (yCur[i] !== ym && (best < 0 || dist[j * n + i] < dist[j * n + best])) best = i;
          return best < 0 ? ym : yCur[best];
        }),
        'int32',
      );
    });
    return tf.tidy(() => {
      const gradX = tf.grad((x: tf.Tensor) => crossEntropyLoss(shadow.forward(x, { taskLabels: memory.taskLabels, seed }), targets))(memory.x);
      targets.dispose();
      const alpha = epsilonFgsm / iterFgsm;
      const unit = tf.div(gradX, tf.maximum(tf.sum(tf.abs(gradX)), 1e-12));
      let g: tf.Tensor = tf.zerosLike(gradX);
      let pert: tf.Tensor = memory.x;
      for (let i = 0; i < iterFgsm - 1; i++) {
        g = tf.add(tf.mul(decayFactorFgsm, g), unit);
        pert = tf.add(pert, tf.mul(alpha, tf.sign(g)));
        if (clipRange !== null) pert = tf.clipByValue(pert, clipRange[0], clipRange[1]);
        if (tf.max(tf.abs(tf.sub(pert, memory.x))).dataSync()[0] > epsilonFgsm) break;
      }
      return tf.keep(pert === memory.x ? memory.x.clone() : pert);
    });
  }

  private release(): void {
    if (this.attacked !== undefined) tf.dispose([this.attacked.x, this.attacked.y, this.attacked.taskLabels]);
    this.attacked = undefined;
  }
}

/** A {@link RarPlugin}: `rarPlugin({ batchSizeMem: 32 })`. */
export function rarPlugin(options: RarOptions = {}): RarPlugin {
  return new RarPlugin(options);
}
