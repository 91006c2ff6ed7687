import * as tf from '@tensorflow/tfjs';

/**
 * Collects the tf.layers layers a module tree maps to, with the weights each must receive once the
 * functional model is built (a layer has no weights before it is applied to an input).
 */
export class LayersExport {
  private readonly pending: Array<[tf.layers.Layer, tf.Tensor[]]> = [];
  private readonly used = new Set<string>();

  /** Task label whose head a multi-task model exports (a tf.layers model has one input). */
  constructor(readonly taskLabel?: number) {}

  /** A unique tf.layers name for the module at `prefix` (dots are not used in tf.layers names). */
  layerName(prefix: string, suffix = ''): string {
    const base = (prefix.replace(/\.$/, '').replace(/\./g, '_') || 'layer') + suffix;
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Applies `layer` to `input` and remembers the weights (kept until `finish`) it must be given. */
  apply(layer: tf.layers.Layer, input: tf.SymbolicTensor | tf.SymbolicTensor[], weights: tf.Tensor[] = []): tf.SymbolicTensor {
    this.pending.push([layer, weights.map((w) => tf.keep(w.clone()))]);
    return layer.apply(input) as tf.SymbolicTensor;
  }

  /** Sets every layer's weights and frees the copies. */
  finish(): void {
    for (const [layer, weights] of this.pending) {
      if (weights.length > 0) layer.setWeights(weights);
      tf.dispose(weights);
    }
    this.pending.length = 0;
  }
}
