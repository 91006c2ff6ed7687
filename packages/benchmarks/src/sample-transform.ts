import type { Rng } from '@avalanche-ts/core';

/**
 * A transform of one input sample: float32 values laid out [H, W, C] (channels last). It works in place
 * and keeps the sample shape, so a minibatch is built in one buffer without per-sample allocations.
 * Random transforms draw only from the `rng` they are given, so the same seed gives the same batch.
 */
export interface SampleTransform {
  /** Short description used in logs and errors, e.g. "normalize(0.1307, 0.3081)". */
  readonly name: string;
  /** True when `apply` draws random numbers. */
  readonly random: boolean;
  /**
   * Transforms `sample` (shape `shape`) in place. `scratch` is a buffer of the same length the transform
   * may overwrite freely.
   */
  apply(sample: Float32Array, shape: readonly number[], rng: Rng, scratch: Float32Array): void;
}

/** Named lists of transforms, one per group ('train', 'eval', or custom names). */
export type TransformGroups = Readonly<Record<string, readonly SampleTransform[]>>;

/**
 * Builds transform groups as Avalanche's TransformGroups does: a missing `eval` group copies `train`.
 */
export function transformGroups(groups: { train?: readonly SampleTransform[]; eval?: readonly SampleTransform[]; [group: string]: readonly SampleTransform[] | undefined }): TransformGroups {
  const out: Record<string, readonly SampleTransform[]> = {};
  for (const [name, list] of Object.entries(groups)) if (list) out[name] = list;
  if (!out.train) out.train = [];
  if (!out.eval) out.eval = out.train;
  return out;
}

/** Height, width and channels of an [H, W, C] sample shape (a 1-D or 2-D shape counts as one channel). */
export function imageDims(shape: readonly number[]): { h: number; w: number; c: number } {
  if (shape.length === 3) return { h: shape[0], w: shape[1], c: shape[2] };
  if (shape.length === 2) return { h: shape[0], w: shape[1], c: 1 };
  return { h: 1, w: shape.reduce((a, b) => a * b, 1), c: 1 };
}
