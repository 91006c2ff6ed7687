import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  StrategyError,
  type ContinualModel,
  type ForwardOptions,
  type Rng,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { forEachBatch, withTrainingMode } from './parameter-tensors.js';
import type { ReplayPlugin } from './replay-plugin.js';
import { sourcesSchema } from './replay-memory.js';
import { scrLoss } from './scr-loss.js';
import type { Criterion } from './strategy-options.js';

/** What SCR needs from its model (`ScrModel` of @avalanche-ts/models): normalised features and an NCM eval head. */
export interface ScrModelLike extends ContinualModel {
  getFeatures(x: tf.Tensor, options?: ForwardOptions): tf.Tensor2D;
  replaceClassMeans(means: ReadonlyMap<number, ArrayLike<number>>): void;
}

/** A random augmentation of a minibatch of inputs (the result is a new tensor); draws from `rng`. */
export type Augmentation = (x: tf.Tensor, rng: Rng) => tf.Tensor;

export const scrOptionsSchema = z
  .object({
    /** Class-balanced replay memory size, also used for the class means (default 100). */
    memSize: z.number().int().positive().default(100),
    /** SupCon temperature τ (default 0.1; the base temperature stays Avalanche's 0.07). */
    temperature: z.number().positive().default(0.1),
    /** Augmentation of the (current + memory) minibatch, the second view (default identity). */
    augmentations: z.custom<Augmentation>((v) => typeof v === 'function', { message: 'expected a function (x, rng) => tensor' }).optional(),
    /** Experiences (e.g. the train stream) whose datasets a restored buffer points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type ScrOptions = z.input<typeof scrOptionsSchema>;

/**
 * The SCR-specific steps as a plugin: the augmented view joins the minibatch before the forward pass,
 * and after each experience the eval head's class means are recomputed from the memory. Its
 * {@link criterion} (SupCon in training, cross-entropy on NCM scores in eval) must be the strategy's.
 */
export class ScrPlugin implements StrategyPlugin {
  readonly name = 'SCRPlugin';
  private readonly augment: Augmentation;

  constructor(
    readonly replay: ReplayPlugin,
    readonly temperature: number,
    augmentations?: Augmentation,
  ) {
    this.augment = augmentations ?? ((x) => x.clone());
  }

  /** (batch, input) → (2·batch, input): originals then their augmented copies. */
  beforeForward(context: StrategyContext, controls: StrategyControls): void {
    const mb = context.minibatch;
    if (mb === undefined) return;
    const augmented = this.augment(mb.x, context.rng);
    controls.setMinibatch({ x: tf.concat([mb.x, augmented]), y: tf.concat([mb.y, mb.y]), taskLabels: tf.concat([mb.taskLabels, mb.taskLabels]) });
    augmented.dispose();
  }

  /** Class means of the normalised features of each class's memory samples (eval transforms, eval mode). */
  afterTrainingExp(context: StrategyContext): void {
    const model = asScrModel(context.model);
    const memory = this.replay.storagePolicy.buffer;
    if (memory === undefined || memory.length === 0) return;
    const sums = new Map<number, { sum: Float32Array; count: number }>();
    // One pass over the whole memory (not one per class): per-class sums on the CPU side.
    withTrainingMode(model, false, () =>
      forEachBatch(memory.eval(), context.evalMbSize, (batch) => {
        const features = model.getFeatures(batch.x, { taskLabels: batch.taskLabels });
        const values = features.dataSync() as Float32Array;
        const d = features.shape[1];
        features.dispose();
        batch.y.dataSync().forEach((c, i) => {
          const entry = sums.get(c) ?? { sum: new Float32Array(d), count: 0 };
          for (let k = 0; k < d; k++) entry.sum[k] += values[i * d + k];
          entry.count++;
          sums.set(c, entry);
        });
      }),
    );
    model.replaceClassMeans(new Map([...sums].map(([c, { sum, count }]) => [c, sum.map((v) => v / count)])));
  }

  /** SupCon on the two views' L2-normalised projections in training; cross-entropy on the NCM scores in eval. */
  criterion(): Criterion {
    return (output, targets, context) => {
      if (!context.isTraining) return crossEntropyLoss(output, targets);
      return tf.tidy(() => {
        const b = targets.shape[0] / 2;
        const z = tf.div(output, tf.maximum(tf.norm(output, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
        return scrLoss(z, tf.slice(targets, [0], [b]), 2, this.temperature);
      });
    };
  }
}

/** `model` as an SCR model, or a StrategyError saying what it lacks. */
export function asScrModel(model: ContinualModel): ScrModelLike {
  const m = model as Partial<ScrModelLike>;
  if (typeof m.getFeatures !== 'function' || typeof m.replaceClassMeans !== 'function') {
    throw new StrategyError(`SCR needs an SCRModel (getFeatures + replaceClassMeans, e.g. ScrModel of @avalanche-ts/models); ${model.name} is not one`);
  }
  return m as ScrModelLike;
}
