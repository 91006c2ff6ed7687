import * as tf from '@tensorflow/tfjs';

/**
 * The identity whose gradient is zero (PyTorch's `detach()` / `.data` inside a differentiable expression):
 * the value takes part in the forward pass, nothing flows back through it.
 */
export const stopGradient = tf.customGrad(((x: tf.Tensor) => ({
  value: x.clone(),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;
