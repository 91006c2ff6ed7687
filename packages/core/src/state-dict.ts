import type * as tf from '@tensorflow/tfjs';

/**
 * A value a plugin or component can put in its state: JSON data, typed arrays and tensors, nested.
 * Checkpoints store tensors and typed arrays in a binary section and the rest as JSON.
 */
export type StateValue =
  | null
  | boolean
  | number
  | string
  | tf.Tensor
  | Float32Array
  | Int32Array
  | Uint8Array
  | readonly StateValue[]
  | { readonly [key: string]: StateValue };

export type StateDict = { readonly [key: string]: StateValue };
