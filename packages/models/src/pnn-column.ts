import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@avalanche-ts/core';
import { ownedVariable } from './kaiming-init.js';
import type { LayersExport } from './layers-export.js';
import { Linear } from './linear.js';
import { Module, type ForwardContext } from './module.js';
import { ModuleDict } from './module-dict.js';

/** How a PNN column reads the previous columns' activations. */
export type PnnAdapter = 'mlp' | 'linear';

/**
 * One column of one PNN layer (Avalanche's `PNNColumn`): h = itoh(x_last) + adapter(x_0, ..., x_{k−1}),
 * where x_i is column i's input and k the number of previous columns. Adapters (Rusu et al. 2016, Eq. 2):
 * 'mlp' (`MLPAdapter`) = U(relu(V([α_0·x_0, ..., α_{k−1}·x_{k−1}]))) with learnt scalars α ~ N(0, 1);
 * 'linear' (`LinearAdapter`, Eq. 1) = Σ_i lat_layers.i(x_i). The first column has no adapter.
 */
export class PnnColumn extends Module {
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    readonly numPrevModules: number,
    readonly adapterKind: PnnAdapter,
    rng: Rng,
  ) {
    super();
    this.registerModule('itoh', new Linear(inFeatures, outFeatures, rng));
    if (numPrevModules === 0) return;
    const adapter = new ModuleDict();
    if (adapterKind === 'mlp') {
      adapter.set('V', new Linear(inFeatures * numPrevModules, outFeatures, rng));
      adapter.set('U', new Linear(outFeatures, outFeatures, rng));
      const alphas = new Float32Array(numPrevModules).map(() => rng.normal());
      this.registerParameter('alphas', ownedVariable(tf.tensor1d(alphas), true));
    } else {
      const lat = new ModuleDict<Linear>();
      for (let i = 0; i < numPrevModules; i++) lat.set(String(i), new Linear(inFeatures, outFeatures, rng));
      adapter.set('lat_layers', lat);
    }
    this.registerModule('adapter', adapter);
  }

  /** Inputs of columns 0..k (the last is this column's own); runs inside the caller's tidy. */
  callColumns(xs: readonly tf.Tensor[], ctx: ForwardContext): tf.Tensor2D {
    const own = this.child<Linear>('itoh').call(xs[xs.length - 1], ctx);
    if (this.numPrevModules === 0) return own;
    const prev = xs.slice(0, this.numPrevModules);
    const adapter = this.child<ModuleDict<Module>>('adapter');
    if (this.adapterKind === 'linear') {
      const lat = adapter.get('lat_layers') as ModuleDict<Linear>;
      return prev.reduce<tf.Tensor2D>((acc, x, i) => tf.add(acc, lat.get(String(i)).call(x, ctx)), own);
    }
    const alphas = this.parameter('alphas');
    const scaled = prev.map((x, i) => tf.mul(x, alphas.slice([i], [1])));
    const hidden = (adapter.get('V') as Linear).call(tf.concat(scaled, 1), ctx, 'relu');
    return tf.add(own, (adapter.get('U') as Linear).call(hidden, ctx));
  }

  call(): tf.Tensor {
    throw new Error('PnnColumn reads several inputs: use callColumns');
  }

  /** The column as tf.layers layers over the columns' symbolic inputs (α is folded into V's weight). */
  columnsToLayers(xs: readonly tf.SymbolicTensor[], ex: LayersExport, prefix: string): tf.SymbolicTensor {
    const own = this.child<Linear>('itoh').toLayers(xs[xs.length - 1], ex, `${prefix}itoh.`);
    if (this.numPrevModules === 0) return own;
    const prev = xs.slice(0, this.numPrevModules);
    const adapter = this.child<ModuleDict<Module>>('adapter');
    const parts: tf.SymbolicTensor[] = [own];
    if (this.adapterKind === 'linear') {
      const lat = adapter.get('lat_layers') as ModuleDict<Linear>;
      prev.forEach((x, i) => parts.push(lat.get(String(i)).toLayers(x, ex, `${prefix}adapter.lat_layers.${i}.`)));
    } else {
      const v = adapter.get('V') as Linear;
      const joined = prev.length > 1 ? ex.apply(tf.layers.concatenate({ axis: 1, name: ex.layerName(prefix, 'adapter_concat') }), [...prev]) : prev[0];
      const folded = tf.tidy(() => tf.mul(v.weight, tf.reshape(tf.tile(tf.reshape(this.parameter('alphas'), [-1, 1]), [1, this.inFeatures]), [-1, 1])));
      const vLayer = tf.layers.dense({ units: this.outFeatures, activation: 'relu', name: ex.layerName(prefix, 'adapter_V') });
      const hidden = ex.apply(vLayer, joined, [folded, v.bias!]);
      folded.dispose();
      parts.push((adapter.get('U') as Linear).toLayers(hidden, ex, `${prefix}adapter.U.`));
    }
    return ex.apply(tf.layers.add({ name: ex.layerName(prefix, 'sum') }), parts);
  }

  toLayers(): tf.SymbolicTensor {
    throw new Error('PnnColumn reads several inputs: use columnsToLayers');
  }
}
