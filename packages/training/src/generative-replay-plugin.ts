import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  ValidationError,
  parseWithSchema,
  type ContinualModel,
  type Minibatch,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { concatMinibatches } from './replay-data-loader.js';
import type { SupervisedTemplate } from './supervised-template.js';

/** A model that can sample inputs (Avalanche's `Generator`): `MlpVAE` of `@avalanche-ts/models` is one. */
export interface GenerativeModel extends ContinualModel {
  /** `n` generated samples, [n, ...sampleShape]; the same seed gives the same samples. */
  generate(n: number, seed: number): tf.Tensor;
}

/** The loss of `model` on replayed inputs `x` with labels `y`, for weighted replay; runs inside the gradient closure. */
export type ReplayLoss = (model: ContinualModel, x: tf.Tensor, y: tf.Tensor1D, context: StrategyContext) => tf.Scalar;

const isTemplate = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as SupervisedTemplate).train === 'function' && isGenerativeModel((v as SupervisedTemplate).model);

export const generativeReplayOptionsSchema = z
  .object({
    /**
     * A strategy training a generator (a model with `generate`), e.g. `vaeTraining(...)`. Omitted: the
     * strategy's own model is the generator (a VAE replaying its own samples) and labels are mock zeros.
     */
    generatorStrategy: z.custom<SupervisedTemplate>(isTemplate, { message: 'expected a strategy whose model has generate(n, seed)' }).optional(),
    /** True: no replay before the first experience has been learned (default true). */
    untrainedSolver: z.boolean().default(true),
    /** Replayed samples per minibatch (default: as many as current samples). */
    replaySize: z.number().int().positive().optional(),
    /** Without `replaySize`: replay `B · currentExperience` samples per minibatch of B (default false). */
    increasingReplaySize: z.boolean().default(false),
    /** Weight a separate replay loss instead of appending replayed samples to the minibatch (default false). */
    isWeightedReplay: z.boolean().default(false),
    /** Factor the replay-loss weight is multiplied by after every iteration (default 1). */
    weightReplayLossFactor: z.number().finite().nonnegative().default(1),
    /** Initial weight of the replay loss (default 1e-4). */
    weightReplayLoss: z.number().finite().nonnegative().default(1e-4),
    /** Loss on replayed data in weighted replay (default: cross-entropy of the model's output). */
    replayLoss: z.custom<ReplayLoss>((v) => typeof v === 'function', { message: 'expected a function (model, x, y, context) => scalar' }).optional(),
  })
  .strict();
export type GenerativeReplayOptions = z.input<typeof generativeReplayOptionsSchema>;

/**
 * Deep Generative Replay (Shin, Lee, Kim & Kim, NeurIPS 2017, "Continual Learning with Deep Generative
 * Replay"), as Avalanche's `GenerativeReplayPlugin`. Before each experience after the first, frozen copies
 * of the generator G' and of the solver S' (the model) are taken. Each minibatch (x, y) of size B is then
 * extended with n = `replaySize` ?? (`increasingReplaySize` ? B·t : B) generated samples x̃ ~ G' labelled
 * ỹ = argmax S'(x̃) (t = the experience index), so the loss is the criterion over both. With
 * `isWeightedReplay` the replayed samples form a separate term instead: L = L(x, y) + w_k · L(x̃, ỹ), with
 * w_{k+1} = w_k · `weightReplayLossFactor` after every iteration. When the plugin has no generator
 * strategy, the model itself is the generator (a VAE trained with its own samples) and ỹ are zeros.
 */
export class GenerativeReplayPlugin implements StrategyPlugin {
  readonly name = 'GenerativeReplayPlugin';
  readonly generatorStrategy: SupervisedTemplate | undefined;
  readonly replaySize: number | undefined;
  readonly increasingReplaySize: boolean;
  readonly isWeightedReplay: boolean;
  readonly weightReplayLossFactor: number;
  private weight: number;
  private untrained: boolean;
  private readonly replayLoss: ReplayLoss;
  private generator: GenerativeModel | undefined;
  private modelIsGenerator = false;
  private oldGenerator: GenerativeModel | undefined;
  private oldModel: ContinualModel | undefined;
  /** Weighted replay: the samples generated for the current iteration, used by {@link lossTerm}. */
  private pending: { x: tf.Tensor; y: tf.Tensor1D } | undefined;

  constructor(options: GenerativeReplayOptions = {}) {
    const o = parseWithSchema(generativeReplayOptionsSchema, options, 'generative replay options');
    this.generatorStrategy = o.generatorStrategy;
    this.generator = o.generatorStrategy?.model as GenerativeModel | undefined;
    this.untrained = o.untrainedSolver;
    this.replaySize = o.replaySize;
    this.increasingReplaySize = o.increasingReplaySize;
    this.isWeightedReplay = o.isWeightedReplay;
    this.weightReplayLossFactor = o.weightReplayLossFactor;
    this.weight = o.weightReplayLoss;
    this.replayLoss = o.replayLoss ?? ((model, x, y) => crossEntropyLoss(model.forward(x), y));
  }

  /** True until the first experience has been learned (no replay yet). */
  get untrainedSolver(): boolean {
    return this.untrained;
  }

  /** The current weight of the replay loss (weighted replay). */
  get weightReplayLoss(): number {
    return this.weight;
  }

  beforeTraining(context: StrategyContext): void {
    if (this.generator !== undefined) return;
    if (!isGenerativeModel(context.model)) {
      throw new ValidationError(`GenerativeReplayPlugin without a generatorStrategy needs a model with generate(n, seed), got "${context.model.name}"`);
    }
    this.generator = context.model;
    this.modelIsGenerator = true;
  }

  /** Freezes copies of the generator and the solver as they are before the experience. */
  beforeTrainingExp(context: StrategyContext): void {
    if (this.untrained || this.generator === undefined) return;
    this.disposeCopies();
    this.oldGenerator = this.generator.clone() as GenerativeModel;
    this.oldGenerator.setTraining(false);
    if (!this.modelIsGenerator) {
      this.oldModel = context.model.clone();
      this.oldModel.setTraining(false);
    }
  }

  beforeTrainingIteration(context: StrategyContext, controls: StrategyControls): void {
    const mb = context.minibatch;
    if (this.untrained || mb === undefined || this.oldGenerator === undefined) return;
    const replay = this.generateReplay(context, mb);
    if (this.isWeightedReplay) {
      this.disposePending();
      this.pending = { x: replay.x, y: replay.y };
      replay.taskLabels.dispose();
      return;
    }
    const mixed = concatMinibatches(stripExtras(mb), replay);
    for (const t of [replay.x, replay.y, replay.taskLabels]) t.dispose();
    controls.setMinibatch(mixed);
  }

  /** Weighted replay: w · L(x̃, ỹ) on this iteration's generated samples. */
  lossTerm(context: StrategyContext): tf.Scalar | undefined {
    if (!this.isWeightedReplay || this.pending === undefined) return undefined;
    const { x, y } = this.pending;
    return tf.tidy(() => tf.mul(this.replayLoss(context.model, x, y, context), this.weight) as tf.Scalar);
  }

  afterTrainingIteration(): void {
    if (this.pending === undefined) return;
    this.disposePending();
    this.weight *= this.weightReplayLossFactor;
  }

  afterTrainingExp(): void {
    this.untrained = false;
  }

  stateDict(): StateDict {
    return { untrainedSolver: this.untrained, weightReplayLoss: this.weight };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(z.object({ untrainedSolver: z.boolean(), weightReplayLoss: z.number().finite() }), state, 'GenerativeReplayPlugin state');
    this.untrained = s.untrainedSolver;
    this.weight = s.weightReplayLoss;
  }

  dispose(): void {
    this.disposeCopies();
    this.disposePending();
  }

  /** n generated samples shaped like the minibatch's inputs, labelled by the frozen solver (or zeros). */
  private generateReplay(context: StrategyContext, mb: Minibatch): Minibatch {
    const batch = mb.x.shape[0];
    const t = context.experience?.currentExperience ?? 0;
    const n = this.replaySize ?? (this.increasingReplaySize ? batch * t : batch);
    const seed = context.rng.nextSeed();
    return tf.tidy(() => {
      const generated = this.oldGenerator!.generate(n, seed);
      if (generated.size !== n * mb.x.size / batch) {
        throw new ValidationError(`generator samples have shape [${generated.shape}] but the minibatch inputs have [${mb.x.shape}]`);
      }
      const x = generated.reshape([n, ...mb.x.shape.slice(1)]);
      const y = (this.oldModel ? this.oldModel.forward(x).argMax(1).cast('int32') : tf.zeros([n], 'int32')) as tf.Tensor1D;
      const task = mb.taskLabels.shape[0] > 0 ? mb.taskLabels.slice([0], [1]) : tf.zeros([1], 'int32');
      const taskLabels = tf.tile(task, [n]) as tf.Tensor1D;
      return { x: x.cast(mb.x.dtype), y: y.cast(mb.y.dtype) as tf.Tensor1D, taskLabels: taskLabels.cast(mb.taskLabels.dtype) as tf.Tensor1D };
    });
  }

  private disposeCopies(): void {
    this.oldGenerator?.dispose();
    this.oldModel?.dispose();
    this.oldGenerator = undefined;
    this.oldModel = undefined;
  }

  private disposePending(): void {
    if (this.pending === undefined) return;
    this.pending.x.dispose();
    this.pending.y.dispose();
    this.pending = undefined;
  }
}

/** A {@link GenerativeReplayPlugin}: `generativeReplayPlugin({ generatorStrategy })`. */
export function generativeReplayPlugin(options: GenerativeReplayOptions = {}): GenerativeReplayPlugin {
  return new GenerativeReplayPlugin(options);
}

/** True when `model` has a `generate(n, seed)` method. */
export function isGenerativeModel(model: unknown): model is GenerativeModel {
  return typeof model === 'object' && model !== null && typeof (model as GenerativeModel).generate === 'function';
}

/** The minibatch without extra fields (replayed samples have none, so the concatenation keeps none). */
function stripExtras(mb: Minibatch): Minibatch {
  return { x: mb.x, y: mb.y, taskLabels: mb.taskLabels };
}
