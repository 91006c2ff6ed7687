import * as tf from '@tensorflow/tfjs';

/**
 * Mean softmax cross-entropy between logits `[batch, nClasses]` and integer targets `[batch]`, as PyTorch's
 * `nn.CrossEntropyLoss()` (the template's default criterion): `L = −(1/B) Σᵢ log softmax(zᵢ)[yᵢ]`.
 * Computed through `logSoftmax`, so it stays finite for large logits.
 */
export function crossEntropyLoss(output: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const nClasses = output.shape[1];
    const logProbs = tf.logSoftmax(output);
    const oneHot = tf.oneHot(targets.dtype === 'int32' ? targets : tf.cast(targets, 'int32'), nClasses);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProbs), 1))) as tf.Scalar;
  });
}
