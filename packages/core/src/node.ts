// @avalanche-ts/core/node: Node-only helpers (they use node: modules, so the main entry stays browser-safe).
export {
  registerThreadedWasmBackend,
  defaultWasmThreads,
  THREADED_WASM_TFJS_VERSION,
  MAX_WASM_THREADS,
} from './backend/threaded-wasm-backend.js';
