import { z } from 'zod';
import { BACKEND_CANDIDATES, type BackendChoice } from './backend-candidates.js';
import type { WasmPatchReport } from './wasm-patches.js';

/** Schema of `initBackend`'s options (checked at the call, so a typo in `backend` fails with its name). */
export const initBackendOptionsSchema = z
  .object({
    backend: z.enum(['auto', ...BACKEND_CANDIDATES]).optional(),
    wasmThreads: z.number().int().min(1).max(8).optional(),
    patchWasm: z.boolean().optional(),
    wasmGemm: z.boolean().optional(),
    wasmPaths: z.union([z.string().min(1), z.record(z.string().min(1))]).optional(),
    importModule: z.function().optional(),
    env: z.record(z.string().optional()).optional(),
  })
  .strict();

export interface InitBackendOptions {
  /** Force one backend; 'auto' (default) tries them in order. Overrides `AVALANCHE_BACKEND`. */
  readonly backend?: BackendChoice | 'auto';
  /**
   * Threads of the wasm backend (1..8). Under Node the default is one per logical core (at most 8), also
   * settable with `AVALANCHE_WASM_THREADS`; core loads tfjs's threaded build itself there, which tfjs does
   * not. In a browser the threaded build runs only on cross-origin-isolated pages.
   */
  readonly wasmThreads?: number;
  /**
   * Where a browser fetches the wasm backend's `.wasm` files: a URL prefix ending in `/`, or a URL for each
   * of the three file names (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`, `tfjs-backend-wasm-threaded-simd.wasm`),
   * e.g. from a bundler's asset imports. Passed to tfjs's `setWasmPaths` before the backend starts.
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
  /** Apply the wasm speed and gap fixes (default true). */
  readonly patchWasm?: boolean;
  /**
   * Under Node with 2+ wasm threads, run dense matrix products on core's own GEMM engine (relaxed-SIMD FMA
   * micro-kernels on the backend's heap, ~1.3x XNNPACK) instead of XNNPACK (default true). Also settable
   * with `AVALANCHE_WASM_GEMM=0`. Needs `patchWasm`.
   */
  readonly wasmGemm?: boolean;
  /** How optional modules are loaded; tests replace it to simulate installed or missing packages. */
  readonly importModule?: (specifier: string) => Promise<unknown>;
  /** Environment variables to read (default: process.env where it exists). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface BackendReport {
  /** The choice that is now active. */
  readonly active: BackendChoice;
  /** The tfjs backend name (`tf.getBackend()`). */
  readonly tfjsBackend: string;
  /** Why this backend: forced by option, by environment, or first that worked. */
  readonly reason: string;
  /** Candidates tried before it (or not tried), each with why it was skipped. */
  readonly skipped: ReadonlyArray<{ readonly backend: BackendChoice; readonly reason: string }>;
  /** What was patched in the wasm backend, when it is active. */
  readonly wasm?: WasmPatchReport;
  /** Threads the wasm backend computes with, when it is active. */
  readonly wasmThreads?: number;
  /** Why the wasm backend runs single-threaded although more threads were asked for, if it does. */
  readonly wasmThreadsNote?: string;
  /** The wasm GEMM engine serving matrix products (see `wasmGemm`), when one runs. */
  readonly wasmGemm?: { readonly kernels: 'fma' | 'simd'; readonly threads: number };
  /** Why no wasm GEMM engine runs although one was wanted, if none does. */
  readonly wasmGemmNote?: string;
}
