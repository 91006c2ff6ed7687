import * as tf from '@tensorflow/tfjs';
import type { KernelArgs, WasmBackendLike } from './kernel-scope.js';
import type { WasmKernelPatch } from './wasm-kernel-patch.js';

/**
 * `UnsortedSegmentSum` (missing in stock wasm; the gradient of `gather`, so of embeddings):
 *   out[k, …] = Σ_{i : ids[i] = k} x[i, …]   for k in [0, numSegments)
 * Ids outside [0, numSegments) are dropped, as on the cpu backend. `ids` indexes the leading axes of x.
 * A single pass over x on the JS side: the op is memory-bound and rare, so no wasm kernel is worth it.
 */
export function unsortedSegmentSum(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { inputs, backend } = args as unknown as KernelArgs<{ numSegments: number }>;
  const numSegments = (args.attrs as unknown as { numSegments: number }).numSegments;
  const { x, segmentIds } = inputs;
  const idRank = segmentIds.shape.length;
  const inner = x.shape.slice(idRank).reduce((a, b) => a * b, 1);
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const xs = backend.readSync(x.dataId) as Float32Array | Int32Array;
  const ids = backend.readSync(segmentIds.dataId) as Int32Array;
  const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  for (let i = 0; i < rows; i++) {
    const k = ids[i];
    if (k < 0 || k >= numSegments) continue;
    const src = i * inner;
    const dst = k * inner;
    for (let j = 0; j < inner; j++) out[dst + j] += xs[src + j];
  }
  return (backend as WasmBackendLike).makeOutput([numSegments, ...x.shape.slice(idRank)], x.dtype, undefined, out);
}

/** Adds the missing `UnsortedSegmentSum`. */
export const unsortedSegmentSumPatch: WasmKernelPatch = {
  kernelName: tf.UnsortedSegmentSum,
  why: 'missing in stock wasm (the gradient of gather); one pass in JS',
  make: () => unsortedSegmentSum as unknown as tf.KernelFunc,
};
