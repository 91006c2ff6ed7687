import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@avalanche-ts/core';
import { fanInUniformBias, kaimingUniform } from './kaiming-init.js';
import type { LayersExport } from './layers-export.js';
import { Module, type ForwardContext } from './module.js';

/** Activations a layer can fuse into its matMul or conv (one kernel instead of two). */
export type FusedActivation = 'relu' | 'linear';

export interface LinearOptions {
  readonly bias?: boolean;
}

/**
 * Fully connected layer y = x W + b (PyTorch's nn.Linear, torch init). The weight is stored as
 * [inFeatures, outFeatures] (the TensorFlow.js / Keras layout, so no transposed matMul is needed and it
 * exports to a Dense kernel as is); PyTorch stores the transpose.
 */
export class Linear extends Module {
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    rng: Rng,
    options: LinearOptions = {},
  ) {
    super();
    this.registerParameter('weight', kaimingUniform(rng, [inFeatures, outFeatures], inFeatures));
    if (options.bias !== false) this.registerParameter('bias', fanInUniformBias(rng, outFeatures, inFeatures));
  }

  get weight(): tf.Variable {
    return this.parameter('weight');
  }

  get bias(): tf.Variable | undefined {
    return this.namedParameters().find(([n]) => n === 'bias')?.[1];
  }

  call(x: tf.Tensor, _ctx?: ForwardContext, activation: FusedActivation = 'linear'): tf.Tensor2D {
    const flat = (x.rank === 2 ? x : x.reshape([x.shape[0], -1])) as tf.Tensor2D;
    // One fused kernel (matMul + bias + relu) with its own gradient: measured ~5% faster per step.
    return tf.fused.matMul({ a: flat, b: this.weight as tf.Tensor2D, bias: this.bias, activation }) as tf.Tensor2D;
  }

  /**
   * Replaces the weights by [inFeatures, n] ones, keeping the first min(old, n) output units; new units
   * get torch's init from `rng`. Used by dynamic classifiers.
   */
  resize(outFeatures: number, rng: Rng): void {
    if (outFeatures === this.outFeatures) return;
    const keep = Math.min(outFeatures, this.outFeatures);
    const fresh = new Linear(this.inFeatures, outFeatures, rng, { bias: this.bias !== undefined });
    for (const [name, v] of fresh.namedParameters()) {
      const old = this.parameter(name);
      tf.tidy(() => {
        const kept = old.rank === 2 ? old.slice([0, 0], [-1, keep]) : old.slice([0], [keep]);
        const rest = v.rank === 2 ? v.slice([0, keep], [-1, -1]) : v.slice([keep], [-1]);
        v.assign(tf.concat([kept, rest], v.rank - 1));
      });
      this.registerParameter(name, v);
    }
    (this as { outFeatures: number }).outFeatures = outFeatures;
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string, activation: FusedActivation = 'linear'): tf.SymbolicTensor {
    const flat = input.shape.length > 2 ? ex.apply(tf.layers.flatten({ name: ex.layerName(prefix, '_flatten') }), input) : input;
    const weights = this.bias ? [this.weight, this.bias] : [this.weight];
    const layer = tf.layers.dense({ units: this.outFeatures, useBias: this.bias !== undefined, activation, name: ex.layerName(prefix) });
    return ex.apply(layer, flat, weights);
  }
}
