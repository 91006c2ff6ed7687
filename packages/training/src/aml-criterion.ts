import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { parseWithSchema, type Rng } from '@avalanche-ts/core';

export const amlOptionsSchema = z
  .object({
    /** Supervised-contrastive temperature τ (default 0.1). */
    temp: z.number().positive().default(0.1),
    /** Base temperature τ_b; the loss is scaled by τ/τ_b (default 0.07). */
    baseTemp: z.number().positive().default(0.07),
    /** Draw negatives only among memory samples of the anchor's task (default true). */
    sameTaskNeg: z.boolean().default(true),
  })
  .strict();
export type AmlOptions = z.input<typeof amlOptionsSchema>;

/** For each anchor, one memory index with the same class (positive) and one with another class (negative), or -1 when none. */
export interface PositiveNegativePairs {
  readonly pos: Int32Array;
  readonly neg: Int32Array;
}

/**
 * The asymmetric metric-learning loss of ER-AML (Caccia et al., "New Insights on Reducing Abrupt
 * Representation Change in Online Continual Learning", ICLR 2022), as Avalanche's `AMLCriterion`. For the
 * incoming batch (anchors h_i = f(x_i)/‖f(x_i)‖, f the feature extractor) one positive p_i (same class)
 * and one negative n_i (other class; same task with `sameTaskNeg`) are drawn from the memory; over the
 * anchors repeated twice against the features [p; n],
 *
 *   L_in = −(τ/τ_b) · mean_a [ Σ_{b: y_b = y_a} log softmax_b(h_a·g_b / τ) / |{b: y_b = y_a}| ],
 *
 * and the total loss is L_in + CE(f_θ(x_buf), y_buf) on a memory batch. Anchors without a positive or
 * negative in the memory are left out (Avalanche would fail drawing them).
 */
export class AmlCriterion {
  readonly temp: number;
  readonly baseTemp: number;
  readonly sameTaskNeg: boolean;

  constructor(options: AmlOptions = {}) {
    const o = parseWithSchema(amlOptionsSchema, options, 'aml options');
    this.temp = o.temp;
    this.baseTemp = o.baseTemp;
    this.sameTaskNeg = o.sameTaskNeg;
  }

  /** Draws a positive and a negative memory index per anchor, uniformly among the valid ones. */
  samplePositiveNegative(yIn: ArrayLike<number>, tIn: ArrayLike<number>, yMem: ArrayLike<number>, tMem: ArrayLike<number>, rng: Rng): PositiveNegativePairs {
    const n = yIn.length;
    const pos = new Int32Array(n).fill(-1);
    const neg = new Int32Array(n).fill(-1);
    const candidatesPos: number[] = [];
    const candidatesNeg: number[] = [];
    for (let i = 0; i < n; i++) {
      candidatesPos.length = 0;
      candidatesNeg.length = 0;
      for (let j = 0; j < yMem.length; j++) {
        if (yMem[j] === yIn[i]) candidatesPos.push(j);
        else if (!this.sameTaskNeg || tMem[j] === tIn[i]) candidatesNeg.push(j);
      }
      if (candidatesPos.length > 0) pos[i] = candidatesPos[rng.int(candidatesPos.length)];
      if (candidatesNeg.length > 0) neg[i] = candidatesNeg[rng.int(candidatesNeg.length)];
    }
    return { pos, neg };
  }

  /**
   * L_in over anchors `hiddenIn` [B, d] with targets `yIn`, against the features `hiddenPos`, `hiddenNeg`
   * [B, d] of their positives and negatives (targets `yPos`, `yNeg`). Inputs are raw features; they are
   * L2-normalised here (as Avalanche's `x / (‖x‖ + 1e-5)`).
   */
  supConLoss(hiddenIn: tf.Tensor2D, yIn: tf.Tensor1D, hiddenPos: tf.Tensor2D, yPos: tf.Tensor1D, hiddenNeg: tf.Tensor2D, yNeg: tf.Tensor1D): tf.Scalar {
    return tf.tidy(() => {
      const norm = (x: tf.Tensor2D) => tf.div(x, tf.add(tf.norm(x, 'euclidean', 1, true), 1e-5)) as tf.Tensor2D;
      const anchors = tf.concat([norm(hiddenIn), norm(hiddenIn)]) as tf.Tensor2D;
      const features = norm(tf.concat([hiddenPos, hiddenNeg]) as tf.Tensor2D);
      const anchorTargets = tf.concat([yIn, yIn]);
      const targets = tf.concat([yPos, yNeg]);
      const posMask = tf.cast(tf.equal(tf.expandDims(anchorTargets, 1), tf.expandDims(targets, 0)), 'float32');
      const similarity = tf.div(tf.matMul(anchors, features, false, true), this.temp);
      // log-softmax through logSumExp (stable; Avalanche subtracts the row max first, same value).
      const logProb = tf.sub(similarity, tf.logSumExp(similarity, 1, true));
      const meanLogProbPos = tf.div(tf.sum(tf.mul(posMask, logProb), 1), tf.sum(posMask, 1));
      return tf.mul(-(this.temp / this.baseTemp), tf.mean(meanLogProbPos)) as tf.Scalar;
    });
  }
}
