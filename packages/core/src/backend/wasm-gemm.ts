import * as tf from '@tensorflow/tfjs';
import { GEMM_NR } from './gemm-wasm-module.js';
import type { KernelArgs, WasmBackendLike } from './kernel-scope.js';

/** One product for the GEMM module, in byte addresses and strides of the wasm backend's heap. */
export interface GemmJob {
  readonly a: number;
  readonly aRowStride: number;
  readonly aKStride: number;
  readonly b: number;
  readonly bKStride: number;
  readonly bColStride: number;
  readonly c: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** Address of the bias padded to whole panels, or 0. */
  readonly bias: number;
  readonly relu: boolean;
  /**
   * Identity of B's data (its tfjs dataId), when B may come again unchanged: the engine then keeps B's
   * packed panels and skips packing on the next product with the same B (evaluation reuses the weights).
   * tfjs data are immutable, and a variable's update gives it a new dataId, so the identity is safe.
   */
  readonly bKey?: object;
}

/**
 * A matrix-multiply engine that works in place on the wasm backend's heap (see createWasmGemm in
 * `@avalanche-ts/core/node`): FMA micro-kernels, split over threads by column panels.
 */
export interface WasmGemm {
  /** 'fma' when the relaxed-SIMD FMA kernels run, 'simd' for the mul+add ones. */
  readonly kind: 'fma' | 'simd';
  readonly threads: number;
  /** Heap bytes for the padded bias, reused between calls. */
  scratch(bytes: number): number;
  /** Transposes a row-major `rows x cols` matrix at `source` into scratch memory; returns its address. */
  transposed(source: number, rows: number, cols: number): number;
  run(job: GemmJob): void;
  dispose(): void;
}

// The engine rides on the backend instance under a registry-wide symbol, so that two copies of core (a
// bundle and the package, or src and dist) agree on it.
const ENGINE = Symbol.for('avalanche-ts.wasmGemm');
const NOTE = Symbol.for('avalanche-ts.wasmGemmNote');
type WithEngine = { [ENGINE]?: WasmGemm };

/** Attaches the engine serving one wasm backend instance (the Node loader does when it starts one). */
export function setWasmGemm(backend: object, engine: WasmGemm | undefined): void {
  (backend as WithEngine)[ENGINE] = engine;
}

export function getWasmGemm(backend: object): WasmGemm | undefined {
  return (backend as WithEngine)[ENGINE];
}

/** Records why the engine could not start (shown in initBackend's report). */
export function setWasmGemmNote(note: string | undefined): void {
  (globalThis as { [NOTE]?: string })[NOTE] = note;
}

/** What serves the matrix products of the active wasm backend: the engine's kernels and threads, or why not. */
export function wasmGemmStatus(backend: object): { readonly kernels?: 'fma' | 'simd'; readonly threads?: number; readonly note?: string } {
  const engine = getWasmGemm(backend);
  if (engine !== undefined) return { kernels: engine.kind, threads: engine.threads };
  const note = (globalThis as { [NOTE]?: string })[NOTE];
  return note === undefined ? {} : { note };
}

/**
 * Below this many multiply-adds XNNPACK's lower fixed cost wins: waking the engine's worker costs tens of
 * µs (2 cores, measured: 64x128x64 43 µs vs XNNPACK's 30; 128x64x512 128 vs 124; 32x784x512 344 vs 373).
 */
export const WASM_GEMM_MIN_MACS = 1 << 22;

/** The wasm backend with where each tensor's data sits in the heap. */
interface HeapBackend extends WasmBackendLike {
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
}

interface MatMulAttrs {
  transposeA?: boolean;
  transposeB?: boolean;
  activation?: string;
}

/** [m, k] of a 2-D operand, or of a rank-3 one with batch 1; undefined for any other shape. */
function matrixShape(x: tf.TensorInfo): [number, number] | undefined {
  if (x.shape.length === 2) return [x.shape[0], x.shape[1]];
  if (x.shape.length === 3 && x.shape[0] === 1) return [x.shape[1], x.shape[2]];
  return undefined;
}

/**
 * Runs `BatchMatMul` or `_FusedMatMul` on the engine when the case is one it covers (float32, one matrix
 * each, big enough, bias of length n, linear or ReLU activation); otherwise returns undefined and the
 * caller takes the stock path. A transposed B is read through strides while its panels are packed; a
 * transposed A is transposed into scratch first by the engine (~1 ns per element; tfjs's Transpose kernel
 * takes ~4): read in place, k-steps a power of two apart alias in the L1 cache and ran at a third of the speed.
 */
export function tryWasmGemm(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | undefined {
  const { inputs, backend, attrs } = args as unknown as KernelArgs<MatMulAttrs>;
  const engine = getWasmGemm(backend);
  if (engine === undefined) return undefined;
  const { a, b, bias, preluActivationWeights } = inputs;
  const activation = attrs?.activation ?? 'linear';
  if (preluActivationWeights !== undefined || (activation !== 'linear' && activation !== 'relu')) return undefined;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length !== b.shape.length) return undefined;
  const aShape = matrixShape(a);
  const bShape = matrixShape(b);
  if (aShape === undefined || bShape === undefined) return undefined;
  const ta = attrs?.transposeA === true;
  const tb = attrs?.transposeB === true;
  const [m, k] = ta ? [aShape[1], aShape[0]] : aShape;
  const [k2, n] = tb ? [bShape[1], bShape[0]] : bShape;
  if (k !== k2 || m * n * k < WASM_GEMM_MIN_MACS) return undefined;
  if (bias !== undefined && (bias.dtype !== 'float32' || bias.shape.reduce((x, y) => x * y, 1) !== n || bias.shape[bias.shape.length - 1] !== n)) {
    return undefined;
  }
  const heap = backend as unknown as HeapBackend;
  const offset = (x: tf.TensorInfo) => heap.dataIdMap.get(x.dataId)?.memoryOffset;
  const aStored = offset(a);
  const bStored = offset(b);
  if (!aStored || !bStored) return undefined;
  // A transposed A is stored as [k][m]; the kernels read A row-major [m][k].
  const aRowMajor = ta ? engine.transposed(aStored, k, m) : aStored;
  let biasAddr = 0;
  if (bias !== undefined) {
    // The kernels read the bias a whole panel at a time: copy it, zero-padded, into scratch.
    const padded = Math.ceil(n / GEMM_NR) * GEMM_NR;
    biasAddr = engine.scratch(padded * 4);
    const values = heap.typedArrayFromHeap(bias) as Float32Array;
    const target = new Float32Array(values.buffer, biasAddr, padded);
    target.set(values);
    target.fill(0, n);
  }
  const out = heap.makeOutput(a.shape.length === 3 ? [1, m, n] : [m, n], 'float32');
  engine.run({
    a: aRowMajor,
    aRowStride: k * 4,
    aKStride: 4,
    b: bStored,
    bKStride: tb ? 4 : n * 4,
    bColStride: tb ? k * 4 : 4,
    c: offset(out) as number,
    m,
    k,
    n,
    bias: biasAddr,
    relu: activation === 'relu',
    bKey: b.dataId,
  });
  return out;
}
