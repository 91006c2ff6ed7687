import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@avalanche-ts/core';

/**
 * PyTorch's default init for nn.Linear and nn.Conv2d weights: kaiming_uniform_(a = sqrt(5)), i.e.
 * U(-b, b) with b = gain * sqrt(3 / fanIn), gain = sqrt(2 / (1 + a^2)) = sqrt(1/3), so b = 1 / sqrt(fanIn).
 * Drawn from `rng`, so the same seed gives the same weights on every backend.
 */
export function kaimingUniform(rng: Rng, shape: number[], fanIn: number): tf.Variable {
  return uniformVariable(rng, shape, 1 / Math.sqrt(fanIn));
}

/** PyTorch's default bias init for Linear and Conv2d: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
export function fanInUniformBias(rng: Rng, size: number, fanIn: number): tf.Variable {
  return uniformVariable(rng, [size], fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0);
}

/** U(-bound, bound) as a trainable variable. */
export function uniformVariable(rng: Rng, shape: number[], bound: number): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  // One 32-bit draw per value: more precision than a float32 weight holds, half the cost of next().
  for (let i = 0; i < size; i++) values[i] = ((rng.nextUint32() + 0.5) / 2147483648 - 1) * bound;
  return ownedVariable(tf.tensor(values, shape), true);
}

/**
 * kaiming_normal_(mode = 'fan_in'): N(0, std^2) with std = gain / sqrt(fanIn) (gain sqrt(2) for ReLU,
 * 1 for linear or sigmoid), as iCaRL's `initialize_icarl_net` uses.
 */
export function kaimingNormal(rng: Rng, shape: number[], fanIn: number, gain: number): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const std = gain / Math.sqrt(fanIn);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = rng.normal() * std;
  return ownedVariable(tf.tensor(values, shape), true);
}

/** A variable filled with `value` (zeros for biases and BN shifts, ones for BN scales). */
export function constantVariable(shape: number[], value: number, trainable = true, dtype: 'float32' | 'int32' = 'float32'): tf.Variable {
  return ownedVariable(tf.fill(shape, value, dtype), trainable);
}

/** Wraps `t` in a variable and frees `t` (the variable keeps the data), so nothing is left behind. */
export function ownedVariable(t: tf.Tensor, trainable: boolean): tf.Variable {
  const v = tf.variable(t, trainable, undefined, t.dtype);
  t.dispose();
  return v;
}
