import type * as tf from '@tensorflow/tfjs';

/**
 * One fix to one kernel of the wasm backend. `make` receives the stock kernel function (undefined when the
 * stock backend lacks the kernel) and returns the replacement, which calls the stock one for every case it
 * does not speed up, so an unsupported case takes the stock (correct) path instead of a wrong answer.
 */
export interface WasmKernelPatch {
  /** tfjs kernel name, e.g. `BatchMatMul`. */
  readonly kernelName: string;
  /** What is wrong with the stock kernel and what the replacement does, for reports. */
  readonly why: string;
  make(original: tf.KernelFunc | undefined): tf.KernelFunc;
}

/** Marks kernel functions made by these patches, so a second copy of core does not wrap them twice. */
export const PATCH_MARK = Symbol.for('avalanche-ts.wasmKernelPatch');

export type MarkedKernelFunc = tf.KernelFunc & { [PATCH_MARK]?: { kernelName: string; original: tf.KernelFunc | undefined } };

/** Reads the strides/dilations attribute forms tfjs accepts (`n` or `[h, w]`). */
export function pair(value: number | readonly number[] | undefined, fallback = 1): [number, number] {
  if (value === undefined) return [fallback, fallback];
  if (typeof value === 'number') return [value, value];
  return [value[0], value[1] ?? value[0]];
}
