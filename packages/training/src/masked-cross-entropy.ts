import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { parseWithSchema, type StateDict, type StrategyContext, type StrategyPlugin } from '@avalanche-ts/core';
import type { Criterion } from './strategy-options.js';

export const maskedCrossEntropyOptionsSchema = z
  .object({
    /** Initial current classes. */
    classes: z.array(z.number().int().nonnegative()).optional(),
    /** Which logits the softmax covers: classes seen so far (default), the current ones, the old ones, or all. */
    mask: z.enum(['seen', 'new', 'old', 'all']).default('seen'),
  })
  .strict();
export type MaskedCrossEntropyOptions = z.input<typeof maskedCrossEntropyOptionsSchema>;

/**
 * Avalanche's `MaskedCrossEntropy` (criterion and plugin): cross-entropy restricted to a set of logits,
 * L = −(1/B) Σ_i Σ_{c∈S} t_ic · log softmax_S(z_i)_c with t the one-hot targets, where S is the classes
 * seen so far (`seen`), of the current experience (`new`), of earlier ones (`old`) or every logit (`all`).
 * A sample whose class is outside S contributes 0 (its one-hot row is cut away). Before each experience
 * the current classes move to the old ones. Pass {@link criterion} as the strategy's criterion and the
 * object among its plugins.
 */
export class MaskedCrossEntropy implements StrategyPlugin {
  readonly name = 'MaskedCrossEntropy';
  readonly mask: 'seen' | 'new' | 'old' | 'all';
  private current: Set<number>;
  private old = new Set<number>();

  constructor(options: MaskedCrossEntropyOptions = {}) {
    const o = parseWithSchema(maskedCrossEntropyOptionsSchema, options, 'MaskedCrossEntropy options');
    this.mask = o.mask;
    this.current = new Set(o.classes ?? []);
  }

  /** The logits the loss covers for an output of `width` units, ascending. */
  currentMask(width: number): number[] {
    const pick = this.mask === 'seen' ? [...this.current, ...this.old] : this.mask === 'new' ? [...this.current] : this.mask === 'old' ? [...this.old] : Array.from({ length: width }, (_, i) => i);
    return [...new Set(pick)].filter((c) => c < width).sort((a, b) => a - b);
  }

  readonly criterion: Criterion = (output, targets) =>
    tf.tidy(() => {
      const width = output.shape[1];
      const classes = this.currentMask(width);
      if (classes.length === 0) return tf.scalar(0);
      // Column selection as a matMul with a 0/1 matrix: tf.gather's gradient needs a kernel the wasm backend lacks.
      const select = tf.transpose(tf.oneHot(tf.tensor1d(classes, 'int32'), width).toFloat()) as tf.Tensor2D;
      const logits = tf.matMul(output, select);
      const oneHot = tf.matMul(tf.oneHot(tf.cast(targets, 'int32'), width).toFloat() as tf.Tensor2D, select);
      return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
    });

  beforeTrainingExp(context: StrategyContext): void {
    for (const c of this.current) this.old.add(c);
    this.current = new Set(context.experience!.classesInThisExperience);
  }

  stateDict(): StateDict {
    return { current: [...this.current], old: [...this.old] };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(z.object({ current: z.array(z.number().int()), old: z.array(z.number().int()) }), state, 'MaskedCrossEntropy state');
    this.current = new Set(s.current);
    this.old = new Set(s.old);
  }
}

/** A {@link MaskedCrossEntropy}: `maskedCrossEntropy({ mask: 'new' })`. */
export function maskedCrossEntropy(options: MaskedCrossEntropyOptions = {}): MaskedCrossEntropy {
  return new MaskedCrossEntropy(options);
}
