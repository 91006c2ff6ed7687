import * as tf from '@tensorflow/tfjs';
import { StrategyError } from '@avalanche-ts/core';

/** A constant copy of `t`: no gradient flows back through it (PyTorch's `.detach()`). */
function detach(t: tf.Tensor): tf.Tensor {
  return tf.tensor(t.dataSync(), t.shape, t.dtype);
}

/**
 * The Pseudo-Prototypical Proxy loss of CoPE (De Lange & Tuytelaars, "Continual Prototype Evolution:
 * Learning Online from Non-Stationary Data Streams", ICCV 2021), as Avalanche's `PPPloss`. `x` [B, d]
 * are L2-normalised embeddings with labels `y`, `prototypes` [K, d] one per class (row k is the prototype
 * of class `protoClasses[k]`, by default class k).
 * For each class c in the batch, with B_c its samples, B_k the others, p_c its prototype and p_k the
 * other prototypes, and s(u, v) = exp(u·v / T):
 *
 *   attractor  Σ_{i∈B_c} log( (1/|B_c|) Σ_{j∈B_c∪{p_c}, j≠i} s(j, x_i) / (s(j, x_i) + Σ_k s(p_k, x_i)) )
 *   repellor   Σ_{i∈B_k} Σ_{j∈B_c} log( 1 − ½[P(j|x_i) + P(p_c|x_i)] ),  P(j|x_i) = s(j, x_i) / (s(j, x_i) + Σ_k s(p_k, x_i))
 *
 * and L = −(1/B) Σ_c (attractor_c + repellor_c). As in Avalanche, the prototypes and the
 * pseudo-prototypes (rows) are constants: gradients reach x only as the scored instances (columns).
 */
export function pppLoss(x: tf.Tensor2D, y: tf.Tensor1D, prototypes: tf.Tensor2D, temperature = 0.1, protoClasses?: readonly number[]): tf.Scalar {
  return tf.tidy(() => {
    const labels = y.dataSync();
    const nProto = prototypes.shape[0];
    const rowOf = new Map((protoClasses ?? Array.from({ length: nProto }, (_, k) => k)).map((c, k) => [c, k]));
    const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
    let total: tf.Tensor = tf.scalar(0);
    for (const c of classes) {
      const row = rowOf.get(c);
      if (row === undefined) throw new StrategyError(`pppLoss: class ${c} has no prototype`);
      const inC = Int32Array.from(labels.keys()).filter((i) => labels[i] === c);
      const notC = Int32Array.from(labels.keys()).filter((i) => labels[i] !== c);
      const others = Int32Array.from({ length: nProto }, (_, k) => k).filter((k) => k !== row);
      const bc = tf.gather(x, inC);
      const pc = tf.slice(prototypes, [row, 0], [1, -1]);
      const pk = tf.gather(prototypes, others);
      const nc = inC.length;
      // Rows: pseudo-prototypes B_c, the prototype p_c, then the other prototypes p_k (constants).
      const rows = detach(tf.concat([bc, pc, pk])) as tf.Tensor2D;
      const similarity = (cols: tf.Tensor2D) => tf.exp(tf.div(tf.matMul(rows, cols, false, true), temperature));
      // Attractor: columns are the instances of c; a sample is no pseudo-prototype of itself.
      const d = similarity(bc as tf.Tensor2D);
      const selfMask = tf.concat([tf.sub(1, tf.eye(nc)), tf.ones([rows.shape[0] - nc, nc])]);
      const dm = tf.mul(d, selfMask);
      const lcN = tf.slice(dm, [0, 0], [nc + 1, nc]);
      const lkD = tf.sum(tf.slice(dm, [nc + 1, 0], [-1, nc]), 0);
      const pci = tf.div(lcN, tf.add(lcN, lkD));
      const attractor = tf.sum(tf.log(tf.div(tf.sum(pci, 0), nc)));
      total = tf.sub(total, attractor);
      if (notC.length > 0) {
        // Repellor: columns are the instances of the other classes.
        const dk = similarity(tf.gather(x, notC) as tf.Tensor2D);
        const lkDk = tf.sum(tf.slice(dk, [nc + 1, 0], [-1, -1]), 0, true);
        const lcNk = tf.slice(dk, [0, 0], [nc + 1, -1]);
        const pki = tf.div(lcNk, tf.add(lcNk, lkDk));
        const ePk = tf.div(tf.add(tf.slice(pki, [0, 0], [nc, -1]), tf.slice(pki, [nc, 0], [1, -1])), 2);
        total = tf.sub(total, tf.sum(tf.log(tf.sub(1, ePk))));
      }
    }
    return tf.div(total, labels.length) as tf.Scalar;
  });
}
