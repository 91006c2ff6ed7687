import * as tf from '@tensorflow/tfjs';
import { Rng, StrategyError, type ContinualModel, type ForwardOptions } from '@avalanche-ts/core';
import { forwardContext, type MobileNetV1, type Module } from '@avalanche-ts/models';

/**
 * MobileNetV1's layers in Avalanche's flat order (`remove_sequential` + `remove_DwsConvBlock`): the init
 * block, then each unit's depthwise and pointwise conv blocks, then the final pooling, by module name
 * ("features.init_block", "features.stage1.unit1.dw_conv", ..., "features.final_pool"). Index i here is
 * Avalanche's `lat_features.i` / `end_features.(i − latentLayerNum − 1)`.
 */
export function mobileNetFlatLayers(net: MobileNetV1): Array<[string, Module]> {
  const out: Array<[string, Module]> = [];
  for (const [name, child] of net.child('features').namedChildren()) {
    if (!name.startsWith('stage')) {
      out.push([`features.${name}`, child]);
      continue;
    }
    for (const [unitName, unit] of child.namedChildren()) {
      for (const [part, block] of unit.namedChildren()) out.push([`features.${name}.${unitName}.${part}`, block]);
    }
  }
  return out;
}

/**
 * Avalanche's AR1 view of `MobilenetV1`: the flat layers up to `latentLayerNum` are `lat_features`, the
 * rest plus the `output` head are `end_features`. {@link setLatentInput} makes the next forward passes
 * start from given layer-`latentLayerNum` activations (current ones and replayed ones, concatenated:
 * latent replay), so the lower layers get no gradient. In training mode only the upper layers and the
 * head train (the lower ones run in eval mode) unless {@link trainLowerLayers} is set. Parameter names
 * are the wrapped network's. The wrapper owns the network.
 */
export class Ar1Model implements ContinualModel {
  readonly name = 'AR1MobileNetV1';
  /** Lower layers run in training mode too (the first experience of a network that was not pretrained). */
  trainLowerLayers = false;
  private readonly latLayers: Array<[string, Module]>;
  private readonly endLayers: Array<[string, Module]>;
  private latentInput: tf.Tensor | undefined;
  private isTraining = true;
  private readonly rng = new Rng(0);

  constructor(
    readonly net: MobileNetV1,
    readonly latentLayerNum: number,
  ) {
    const layers = mobileNetFlatLayers(net);
    if (!Number.isInteger(latentLayerNum) || latentLayerNum < 0 || latentLayerNum >= layers.length - 1) {
      throw new StrategyError(`AR1: latentLayerNum must be an integer in [0, ${layers.length - 2}] for this MobileNetV1, got ${latentLayerNum}`);
    }
    this.latLayers = layers.slice(0, latentLayerNum + 1);
    this.endLayers = layers.slice(latentLayerNum + 1);
    this.setTraining(true);
  }

  /** Module names of the lower (latent) layers, in order. */
  get latentLayerNames(): string[] {
    return this.latLayers.map(([n]) => n);
  }

  get training(): boolean {
    return this.isTraining;
  }

  setTraining(training: boolean): void {
    this.isTraining = training;
    this.net.setTraining(training && this.trainLowerLayers);
    if (training) {
      for (const [, m] of this.endLayers) m.setTraining(true);
      this.net.head.setTraining(true);
    }
  }

  /** Layer-`latentLayerNum` activations of `x` (the caller owns the result; no gradient is meant to flow). */
  latentActivations(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.runLayers(this.latLayers, x));
  }

  /** Activations the next forward passes start from instead of their input (undefined: none). Not owned. */
  setLatentInput(activations: tf.Tensor | undefined): void {
    this.latentInput = activations;
  }

  forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    return tf.tidy(() => this.net.head.call(this.features(x, options), this.context(options)) as tf.Tensor2D);
  }

  getFeatures(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    return tf.tidy(() => this.features(x, options));
  }

  namedParameters(): ReadonlyArray<readonly [string, tf.Variable]> {
    return this.net.namedParameters();
  }

  stateDict(): Record<string, tf.Tensor> {
    return this.net.stateDict();
  }

  loadStateDict(state: Readonly<Record<string, tf.Tensor>>): void {
    this.net.loadStateDict(state);
  }

  clone(): Ar1Model {
    const copy = new Ar1Model(this.net.clone(), this.latentLayerNum);
    copy.trainLowerLayers = this.trainLowerLayers;
    copy.setTraining(this.isTraining);
    return copy;
  }

  dispose(): void {
    this.net.dispose();
  }

  private features(x: tf.Tensor, options: ForwardOptions): tf.Tensor2D {
    const acts = this.latentInput ?? this.runLayers(this.latLayers, x, options);
    const out = this.runLayers(this.endLayers, acts, options);
    return out.reshape([out.shape[0], -1]) as tf.Tensor2D;
  }

  private runLayers(layers: Array<[string, Module]>, x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor {
    const ctx = this.context(options);
    return layers.reduce((acc, [, m]) => m.call(acc, ctx), x);
  }

  private context(options: ForwardOptions) {
    return forwardContext(options.seed !== undefined ? new Rng(options.seed) : this.rng, options.taskLabels);
  }
}
