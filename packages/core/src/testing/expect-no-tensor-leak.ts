import * as tf from '@tensorflow/tfjs';

/** Runs `fn` and returns how many more tensors are alive afterwards than before. */
export async function countTensorsAfter(fn: () => unknown): Promise<number> {
  const before = tf.memory().numTensors;
  await fn();
  return tf.memory().numTensors - before;
}

/**
 * Fails when `fn` leaves more tensors alive than it found (`allowed` extra ones, e.g. state a component
 * is meant to keep, can be declared). Works in any test runner: throws an Error with the counts.
 */
export async function expectNoTensorLeak(fn: () => unknown, allowed = 0): Promise<void> {
  const leaked = await countTensorsAfter(fn);
  if (leaked > allowed) {
    throw new Error(`tensor leak: ${leaked} tensors more after the call than before (allowed ${allowed})`);
  }
}
