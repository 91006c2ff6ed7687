import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import { BaseModel } from './base-model.js';
import type { LayersExport } from './layers-export.js';
import type { ForwardContext, Module } from './module.js';
import { NCMClassifier } from './ncm-classifier.js';

export interface ScrModelOptions {
  /** Maps inputs to hidden features, [batch, d] (flattening is its job). */
  readonly featureExtractor: Module;
  /** The training head (e.g. an MLP projection); it receives the L2-normalised features. */
  readonly projection: Module;
  /** Seed of dropout when a forward pass gets no seed. */
  readonly seed?: number;
}

/**
 * Avalanche's `SCRModel` (Supervised Contrastive Replay, Mai et al. 2021): x → feature_extractor →
 * L2 normalisation → `train_classifier` (the projection) in training mode, `eval_classifier` (an
 * {@link NCMClassifier} with normalize = false: the features are already normalised) in eval mode.
 * `getFeatures` returns the normalised features, from which the SCR strategy computes the class means
 * it hands to {@link replaceClassMeans}.
 */
export class ScrModel extends BaseModel {
  readonly name = 'SCRModel';
  readonly inputShape: readonly number[] = [];
  protected readonly headName = 'train_classifier';

  constructor(options: ScrModelOptions) {
    super(options.seed ?? 0);
    this.registerModule('feature_extractor', options.featureExtractor);
    this.registerModule('train_classifier', options.projection);
    this.registerModule('eval_classifier', new NCMClassifier({ normalize: false }));
  }

  /** The NCM classifier used in eval mode. */
  get evalClassifier(): NCMClassifier {
    return this.child<NCMClassifier>('eval_classifier');
  }

  /** Sets the class means of the eval classifier (class id → mean of normalised features). */
  replaceClassMeans(means: ReadonlyMap<number, ArrayLike<number>>): void {
    this.evalClassifier.replaceClassMeans(means);
  }

  override call(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    const features = this.extractFeatures(x, ctx);
    return (this.training ? this.child('train_classifier').call(features, ctx) : this.evalClassifier.call(features, ctx)) as tf.Tensor2D;
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    const h = this.child('feature_extractor').call(x, ctx) as tf.Tensor2D;
    // torch.nn.functional.normalize(x, p=2, dim=1): x / max(‖x‖, 1e-12).
    return tf.div(h, tf.maximum(tf.norm(h, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
  }

  protected featuresToLayers(): tf.SymbolicTensor {
    throw new ValidationError('SCRModel has no standard tf.layers equivalent (L2 normalisation and an NCM eval head); it cannot be exported');
  }

  override toLayers(_input: tf.SymbolicTensor, _ex: LayersExport): tf.SymbolicTensor {
    return this.featuresToLayers();
  }
}
