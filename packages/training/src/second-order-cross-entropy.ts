import * as tf from '@tensorflow/tfjs';

/**
 * e^x whose gradient reads the op's input, not its output, so it can be differentiated twice. TensorFlow.js
 * records the copy of a saved *output* on the gradient tape before the node that produced it, and the tape
 * filter then drops that copy: second derivatives through kernels whose gradient reads their output (Exp,
 * Sigmoid, Tanh, Softmax, Elu, Pow, ...) and through `tf.logSoftmax` (a custom gradient over a value computed
 * inside it) silently lose their curvature terms. Saving the input keeps the path on the tape.
 */
const expSavingInput: (x: tf.Tensor) => tf.Tensor = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  save([x]);
  return { value: tf.exp(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, expSavingInput(saved[0])) };
}) as unknown as (x: tf.Tensor) => tf.Tensor;

/** The row maximum as a constant (zero gradient): the log-sum-exp shift, whose total derivative is zero anyway. */
const rowMaxConstant: (x: tf.Tensor) => tf.Tensor = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = args[0] as tf.Tensor;
  return { value: tf.max(x, -1, true), gradFunc: () => tf.zerosLike(x) };
}) as unknown as (x: tf.Tensor) => tf.Tensor;

/**
 * The mean softmax cross-entropy of `crossEntropyLoss` (same values), built from ops whose gradients
 * are themselves differentiable in TensorFlow.js, so Hessian-vector products through it are exact:
 * `L = −(1/B) Σᵢ (zᵢ[yᵢ] − m_i − log Σ_c exp(zᵢ[c] − m_i))` with `m_i = max_c zᵢ[c]`. LaMAML's default
 * criterion; `tf.logSoftmax` would drop the softmax's curvature from second-order meta-gradients.
 */
export function secondOrderCrossEntropyLoss(output: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const shifted = tf.sub(output, rowMaxConstant(output));
    const logProbs = tf.sub(shifted, tf.log(tf.sum(expSavingInput(shifted), 1, true)));
    const oneHot = tf.oneHot(targets.dtype === 'int32' ? targets : tf.cast(targets, 'int32'), output.shape[1]);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProbs), 1))) as tf.Scalar;
  });
}
