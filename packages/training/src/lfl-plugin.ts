import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { StrategyError, parseWithSchema, type ContinualModel, type StateDict, type StrategyContext, type StrategyPlugin } from '@avalanche-ts/core';
import { Linear, Module } from '@avalanche-ts/models';
import { modelFeatures } from './feature-rows.js';
import { FrozenModelCopy } from './frozen-model-copy.js';
import { withTrainingMode } from './parameter-tensors.js';

export const lflOptionsSchema = z
  .object({
    /** λ_e, the weight of the feature loss: one value or one per experience (required, as in Avalanche). */
    lambdaE: z.union([z.number().nonnegative(), z.array(z.number().nonnegative()).nonempty()]),
  })
  .strict();
export type LflOptions = z.input<typeof lflOptionsSchema>;

/**
 * Less-Forgetful Learning (Jung et al., "Less-Forgetful Learning for Domain Expansion in Deep Neural
 * Networks", AAAI 2018), as Avalanche's `LFLPlugin`: after each experience the model is copied and frozen,
 * and its last fully connected layer is frozen in the model, so the decision boundaries stay; while
 * training later experiences
 *   L = CE + λ_e · (1/(B·d)) Σ ‖φ(x) − φ_old(x)‖²
 * (PyTorch's mean `mse_loss`) with φ the penultimate features (`getFeatures`), both computed in eval mode
 * as Avalanche does. λ_e may be given per experience. No task labels are used.
 */
export class LflPlugin implements StrategyPlugin {
  readonly name = 'LFLPlugin';
  readonly lambdaE: number | readonly number[];
  private readonly prevModel = new FrozenModelCopy();
  private hasPrevious = false;

  constructor(options: LflOptions) {
    this.lambdaE = parseWithSchema(lflOptionsSchema, options, 'lfl options').lambdaE;
  }

  beforeTraining(context: StrategyContext): void {
    if (context.model.getFeatures === undefined) throw new StrategyError(`LFL needs a model with getFeatures(); ${context.model.name} has none`);
  }

  /** A model restored from a checkpoint gets its last layer frozen again. */
  beforeTrainingExp(context: StrategyContext): void {
    if (this.hasPrevious) lastLinear(context.model).freeze();
  }

  lossTerm(context: StrategyContext): tf.Scalar | undefined {
    const prev = this.prevModel.get(context.model);
    const mb = context.minibatch;
    if (prev === undefined || mb === undefined) return undefined;
    const k = context.clock.trainExpCounter;
    const lambda = typeof this.lambdaE === 'number' ? this.lambdaE : this.lambdaE[Math.min(k, this.lambdaE.length - 1)];
    if (lambda === 0) return undefined;
    return tf.tidy(() => {
      const features = withTrainingMode(context.model, false, () => modelFeatures(context.model, mb.x, mb.taskLabels, this.name));
      const previous = modelFeatures(prev, mb.x, mb.taskLabels, this.name);
      return tf.mul(tf.mean(tf.squaredDifference(features, previous)), lambda) as tf.Scalar;
    });
  }

  afterTrainingExp(context: StrategyContext): void {
    this.prevModel.refresh(context.model);
    this.hasPrevious = true;
    lastLinear(context.model).freeze();
  }

  stateDict(): StateDict {
    return { prevModel: this.prevModel.stateDict() };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(z.object({ prevModel: z.unknown() }), state, 'LFLPlugin state');
    this.prevModel.loadStateDict(s.prevModel, 'LFLPlugin state.prevModel');
    this.hasPrevious = s.prevModel !== null && s.prevModel !== undefined;
  }

  dispose(): void {
    this.prevModel.dispose();
    this.hasPrevious = false;
  }
}

/** The last {@link Linear} of a module tree, in registration order (Avalanche's `get_last_fc_layer`). */
export function lastLinear(model: ContinualModel): Linear {
  let last: Linear | undefined;
  const visit = (m: Module) => {
    if (m instanceof Linear) last = m;
    for (const [, c] of m.namedChildren()) visit(c);
  };
  if (model instanceof Module) visit(model);
  if (last === undefined) throw new StrategyError(`LFL: the model (${model.name}) has no Linear layer to freeze`);
  return last;
}

/** An {@link LflPlugin}: `lflPlugin({ lambdaE: 1 })`. */
export function lflPlugin(options: LflOptions): LflPlugin {
  return new LflPlugin(options);
}
