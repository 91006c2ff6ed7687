import { initBackend, type BackendChoice, type BackendReport } from '@avalanche-ts/core';
// Vite serves these files and gives their URLs; the wasm backend fetches the build the browser supports.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export type BackendRequest = 'auto' | Extract<BackendChoice, 'webgl' | 'wasm' | 'cpu'>;

export function isBackendRequest(v: string | null): v is BackendRequest {
  return v === 'auto' || v === 'webgl' || v === 'wasm' || v === 'cpu';
}

/** Starts the requested TensorFlow.js backend (auto: WebGL, then wasm, then cpu) with core's initBackend. */
export function startBackend(backend: BackendRequest): Promise<BackendReport> {
  return initBackend({
    backend,
    wasmPaths: { 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded },
  });
}
