// Test helpers for the wasm kernel fixes (not published: `*.test.*` files are left out of the package).
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng.js';
import { initBackend } from './init-backend.js';

/** Relative error used by every kernel test: max |a − b| / max |b| (b is the cpu reference). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  if (!Number.isFinite(diff)) return Infinity;
  return diff / Math.max(scale, 1e-12);
}

/** Normal random values from a seeded Rng. */
export function randomValues(rng: Rng, size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.normal();
  return out;
}

/** Registers and initialises both backends once (wasm patched), leaving cpu active. */
export async function setupBackends(): Promise<void> {
  await initBackend({ backend: 'wasm' });
  await initBackend({ backend: 'cpu' });
}

/** Runs `fn` on one backend and returns the values and shapes of what it returns. */
export async function runOn(backend: 'wasm' | 'cpu', fn: () => tf.Tensor | tf.Tensor[]): Promise<Array<{ shape: number[]; values: Float32Array }>> {
  await tf.setBackend(backend);
  const result = tf.tidy(fn);
  const list = Array.isArray(result) ? result : [result];
  const out = list.map((t) => ({ shape: t.shape.slice(), values: Float32Array.from(t.dataSync() as ArrayLike<number>) }));
  tf.dispose(list);
  return out;
}

/**
 * Runs `fn` on wasm and on cpu and returns the worst relative error over its outputs (Infinity on a shape
 * mismatch). `fn` must build its tensors from plain arrays so each backend gets the same inputs.
 */
export async function wasmVsCpu(fn: () => tf.Tensor | tf.Tensor[]): Promise<number> {
  const wasm = await runOn('wasm', fn);
  const cpu = await runOn('cpu', fn);
  let worst = 0;
  for (let i = 0; i < cpu.length; i++) {
    if (wasm[i].shape.join() !== cpu[i].shape.join()) return Infinity;
    worst = Math.max(worst, relativeError(wasm[i].values, cpu[i].values));
  }
  return worst;
}

/** Counts the wasm backend's live data buffers, which catches intermediates a kernel forgot to free. */
export function wasmDataBuffers(): number {
  return tf.findBackend('wasm')?.numDataIds() ?? 0;
}

/** Runs one kernel through the engine on the active backend (many backprop kernels have no public op). */
export function runKernel(name: string, inputs: Record<string, tf.Tensor>, attrs: object): tf.Tensor {
  return tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
}

/**
 * The cpu backprop kernels ignore `dilations` (tfjs gradients refuse dilation > 1), so the reference for a
 * dilated case is the undilated kernel run with the filter spread out by zeros: a filter of size
 * (f − 1)·d + 1 whose every d-th tap is the original one, which is what dilation means.
 */
export function spreadFilter(values: Float32Array, [fh, fw, c, m]: number[], d: number): { values: Float32Array; shape: [number, number, number, number] } {
  const eh = (fh - 1) * d + 1;
  const ew = (fw - 1) * d + 1;
  const out = new Float32Array(eh * ew * c * m);
  for (let i = 0; i < fh; i++)
    for (let j = 0; j < fw; j++)
      for (let k = 0; k < c * m; k++) out[((i * d) * ew + j * d) * c * m + k] = values[(i * fw + j) * c * m + k];
  return { values: out, shape: [eh, ew, c, m] };
}

/** Picks every d-th tap of a spread filter gradient (the inverse of `spreadFilter`). */
export function gatherTaps(t: tf.Tensor, d: number): tf.Tensor {
  const [eh, ew, c, m] = t.shape;
  return tf.stridedSlice(t, [0, 0, 0, 0], [eh, ew, c, m], [d, d, 1, 1]);
}
