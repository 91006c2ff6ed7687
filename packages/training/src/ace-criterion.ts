import * as tf from '@tensorflow/tfjs';
import { crossEntropyLoss } from './cross-entropy-loss.js';

/**
 * Asymmetric cross-entropy (Caccia et al., "New Insights on Reducing Abrupt Representation Change in
 * Online Continual Learning", ICLR 2022), as Avalanche's `ACECriterion`: the incoming batch is scored
 * only on the logits of the classes present in it, the replayed batch on every logit, and the two are
 * averaged:
 *
 *   L = ½ · CE(z_buf, y_buf) + ½ · (1/B) Σᵢ −log softmax(zᵢ[C])[yᵢ],   C = distinct classes of y_in.
 *
 * Incoming samples therefore never push down the logits of old classes, which is what keeps old
 * representations from drifting abruptly. Runs inside the caller's gradient closure.
 */
export function aceLoss(outIn: tf.Tensor2D, targetIn: tf.Tensor1D, outBuffer: tf.Tensor2D, targetBuffer: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const y = targetIn.dataSync();
    const classes = [...new Set(Array.from(y))].sort((a, b) => a - b);
    const position = new Map(classes.map((c, k) => [c, k]));
    const local = tf.tensor1d(Int32Array.from(y, (c) => position.get(c)!), 'int32');
    const restricted = tf.gather(outIn, tf.tensor1d(classes, 'int32'), 1) as tf.Tensor2D;
    // With a single class in the batch the restricted softmax is constant: that term is 0.
    const lossIn = classes.length > 1 ? crossEntropyLoss(restricted, local) : tf.scalar(0);
    const lossBuffer = crossEntropyLoss(outBuffer, targetBuffer);
    return tf.mul(tf.add(lossIn, lossBuffer), 0.5) as tf.Scalar;
  });
}
