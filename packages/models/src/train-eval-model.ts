import * as tf from '@tensorflow/tfjs';
import { StrategyError, type AdaptiveModule, type ContinualModel, type Experience, type ForwardOptions } from '@avalanche-ts/core';
import type { LayersExport } from './layers-export.js';
import { Module, type ForwardContext } from './module.js';

/** A classifier over features with no gradient training (NCM, FeCAM): it answers once statistics are set. */
export interface EvalClassifier extends Module {
  /** Number of class slots; 0 while it has no statistics. */
  readonly numClasses: number;
}

/** The model a {@link TrainEvalModel} wraps: a ContinualModel module with penultimate features. */
export type FeatureModel = Module & ContinualModel & { getFeatures(x: tf.Tensor, options?: ForwardOptions): tf.Tensor2D };

/**
 * Avalanche's `TrainEvalModel`: in training mode the wrapped model (feature extractor + its own
 * classifier) answers; in eval mode `evalClassifier` (an {@link NCMClassifier} or {@link FeCAMClassifier})
 * classifies the model's features. Until the eval classifier has statistics, eval mode falls back to the
 * wrapped model's output. Parameters are the wrapped model's (`model.*`); the eval classifier's
 * statistics are buffers (`eval_classifier.*`), so checkpoints keep them.
 */
export class TrainEvalModel extends Module implements ContinualModel, AdaptiveModule {
  readonly name = 'TrainEvalModel';

  constructor(model: FeatureModel, evalClassifier: EvalClassifier) {
    super();
    if (typeof model.getFeatures !== 'function') throw new StrategyError(`TrainEvalModel needs a model with getFeatures(); ${model.name} has none`);
    this.registerModule('model', model);
    this.registerModule('eval_classifier', evalClassifier);
  }

  /** The wrapped model (feature extractor + training classifier). */
  get model(): FeatureModel {
    return this.child<FeatureModel>('model');
  }

  get evalClassifier(): EvalClassifier {
    return this.child<EvalClassifier>('eval_classifier');
  }

  forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    if (this.training || this.evalClassifier.numClasses === 0) return this.model.forward(x, options);
    return tf.tidy(() => this.evalClassifier.call(this.model.getFeatures(x, options), { nextSeed: () => 0 }) as tf.Tensor2D);
  }

  getFeatures(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    return this.model.getFeatures(x, options);
  }

  call(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.forward(x, { taskLabels: ctx.taskLabels, seed: ctx.nextSeed() });
  }

  /** Exports the training path (the wrapped model); distance classifiers have no tf.layers form. */
  toLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    return this.model.toLayers(input, ex, 'model.');
  }

  adapt(experience: Experience): boolean {
    return this.adaptModule(experience);
  }

  clone(): this {
    return this.cloneModule();
  }
}
