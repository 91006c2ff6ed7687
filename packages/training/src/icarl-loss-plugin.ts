import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { parseWithSchema, type StateDict, type StrategyContext, type StrategyPlugin } from '@avalanche-ts/core';
import { FrozenModelCopy } from './frozen-model-copy.js';
import type { Criterion } from './strategy-options.js';

/**
 * iCaRL's classification-and-distillation loss (Rebuffi et al., "iCaRL: Incremental Classifier and
 * Representation Learning", CVPR 2017), as Avalanche's `ICaRLLossPlugin`: a criterion and a plugin in one.
 * With p = σ(z) the sigmoid of the logits and targets t = one-hot(y), where the columns of the classes of
 * earlier experiences are replaced by the old model's σ(z_old):
 *
 *   L = −(1/(B·C)) Σ_{i,c} [ t_ic log p_ic + (1 − t_ic) log(1 − p_ic) ]   (PyTorch's `BCELoss`, mean)
 *
 * computed from the logits (log σ(z) = −softplus(−z)), so it stays finite. The old model is a frozen copy
 * of the model after each experience; during evaluation the loss is the plain BCE, as in Avalanche.
 * Pass {@link criterion} as the strategy's criterion and the plugin among its plugins.
 */
export class IcarlLossPlugin implements StrategyPlugin {
  readonly name = 'ICaRLLossPlugin';
  private readonly oldModel = new FrozenModelCopy();
  private oldClasses: number[] = [];

  /** Classes of earlier experiences (distilled from the old model), ascending. */
  get previousClasses(): readonly number[] {
    return this.oldClasses;
  }

  /** The loss; runs inside the gradient closure during training. */
  readonly criterion: Criterion = (output, targets, context) =>
    tf.tidy(() => {
      const [batch, width] = output.shape;
      let t = tf.oneHot(tf.cast(targets, 'int32'), width).toFloat();
      const old = context?.isTraining ? this.oldModel.get(context.model) : undefined;
      if (old !== undefined && this.oldClasses.length > 0 && context.minibatch !== undefined) {
        const mb = context.minibatch;
        let oldLogits = old.forward(mb.x, { taskLabels: mb.taskLabels });
        if (oldLogits.shape[1] < width) oldLogits = tf.pad(oldLogits, [[0, 0], [0, width - oldLogits.shape[1]]]);
        else if (oldLogits.shape[1] > width) oldLogits = oldLogits.slice([0, 0], [batch, width]);
        const mask = new Float32Array(width);
        for (const c of this.oldClasses) if (c < width) mask[c] = 1;
        const m = tf.tensor1d(mask);
        t = tf.add(tf.mul(t, tf.sub(1, m)), tf.mul(tf.sigmoid(oldLogits), m));
      }
      // −[t log σ(z) + (1−t) log(1−σ(z))] = softplus(z) − t·z
      return tf.mean(tf.sub(tf.softplus(output), tf.mul(t, output))) as tf.Scalar;
    });

  afterTrainingExp(context: StrategyContext): void {
    const experience = context.experience;
    if (experience === undefined) return;
    this.oldModel.refresh(context.model);
    const classes = new Set(this.oldClasses);
    for (const c of experience.classesInThisExperience) classes.add(c);
    this.oldClasses = [...classes].sort((a, b) => a - b);
  }

  stateDict(): StateDict {
    return { oldClasses: this.oldClasses, oldModel: this.oldModel.stateDict() };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(z.object({ oldClasses: z.array(z.number().int()), oldModel: z.unknown() }), state, 'ICaRLLossPlugin state');
    this.oldModel.loadStateDict(s.oldModel, 'ICaRLLossPlugin state.oldModel');
    this.oldClasses = [...s.oldClasses];
  }

  dispose(): void {
    this.oldModel.dispose();
    this.oldClasses = [];
  }
}

/** An {@link IcarlLossPlugin}; use its `criterion` as the strategy's criterion. */
export function icarlLossPlugin(): IcarlLossPlugin {
  return new IcarlLossPlugin();
}
