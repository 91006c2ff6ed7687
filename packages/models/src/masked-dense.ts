import * as tf from '@tensorflow/tfjs';
import type { LayersExport } from './layers-export.js';

/**
 * Exports a linear head whose inactive units output `maskValue` as one plain Dense layer: the kernel
 * columns of inactive (and padding) units are zero and their bias is `maskValue`, so x·0 + maskValue
 * reproduces the masked logits exactly, with no custom layer for the browser to know about.
 */
export function maskedDense(
  ex: LayersExport,
  input: tf.SymbolicTensor,
  name: string,
  weight: tf.Tensor,
  bias: tf.Tensor | undefined,
  active: Int32Array | undefined,
  width: number,
  maskValue: number,
): tf.SymbolicTensor {
  const [inFeatures, units] = weight.shape;
  const [kernel, fullBias] = tf.tidy(() => {
    const colActive = Float32Array.from({ length: width }, (_, j) => (j < units && (active === undefined || active[j] === 1) ? 1 : 0));
    const keep = tf.tensor1d(colActive);
    const w = width > units ? tf.concat([weight, tf.zeros([inFeatures, width - units])], 1) : weight;
    const b0 = bias ?? tf.zeros([units]);
    const b = width > units ? tf.concat([b0, tf.zeros([width - units])]) : b0;
    const masked = tf.add(tf.mul(b, keep), tf.mul(tf.sub(1, keep), maskValue));
    return [tf.mul(w, keep), masked];
  });
  const out = ex.apply(tf.layers.dense({ units: width, useBias: true, name }), input, [kernel, fullBias]);
  tf.dispose([kernel, fullBias]);
  return out;
}
