import * as tf from '@tensorflow/tfjs';
import { Rng, type AdaptiveModule, type ContinualModel, type Experience, type ForwardOptions } from '@avalanche-ts/core';
import type { LayersExport } from './layers-export.js';
import { Module, forwardContext, type ForwardContext } from './module.js';

/**
 * A whole model: a feature extractor followed by a head (the child named `headName`), implementing
 * core's `ContinualModel` and `AdaptiveModule` (adaptation recurses into dynamic children, like
 * Avalanche's `avalanche_model_adaptation`; a model without dynamic parts returns false).
 */
export abstract class BaseModel extends Module implements ContinualModel, AdaptiveModule {
  abstract readonly name: string;
  /** Shape of one input sample, channels last (used by the export). */
  abstract readonly inputShape: readonly number[];
  /** Name of the head child module ("classifier", "linear", ...). */
  protected abstract readonly headName: string;
  /** Seeds dropout when a training forward pass is given no seed, so unseeded runs still repeat. */
  private readonly fallbackRng: Rng;

  constructor(seed: number) {
    super();
    this.fallbackRng = new Rng(seed).fork();
  }

  /** Penultimate features of `x`, [batch, nFeatures]. Runs inside the caller's tidy. */
  protected abstract extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D;

  /** Adds the feature extractor's tf.layers equivalent (the head is added by {@link toLayers}). */
  protected abstract featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor;

  /** The head (the module asMultitask replaces). */
  get head(): Module {
    return this.child(this.headName);
  }

  /** Replaces the head, disposing the old one (asMultitask, custom heads). */
  setHead(head: Module): void {
    this.registerModule(this.headName, head);
  }

  call(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.head.call(this.extractFeatures(x, ctx), ctx) as tf.Tensor2D;
  }

  forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    return tf.tidy(() => this.call(x, this.context(options)));
  }

  getFeatures(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    return tf.tidy(() => this.extractFeatures(x, this.context(options)));
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    return this.head.toLayers(this.featuresToLayers(input, ex), ex, `${this.headName}.`);
  }

  adapt(experience: Experience): boolean {
    return this.adaptModule(experience);
  }

  clone(): this {
    return this.cloneModule();
  }

  private context(options: ForwardOptions): ForwardContext {
    const rng = options.seed !== undefined ? new Rng(options.seed) : this.fallbackRng;
    return forwardContext(rng, options.taskLabels);
  }
}
