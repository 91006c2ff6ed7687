/** Backends `initBackend` knows, in the order it tries them (native first, pure JS last). */
export const BACKEND_CANDIDATES = ['node-gpu', 'node', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CANDIDATES)[number];

/** The tfjs backend name each choice registers. */
export const TFJS_BACKEND_NAME: Readonly<Record<BackendChoice, string>> = {
  'node-gpu': 'tensorflow',
  node: 'tensorflow',
  webgl: 'webgl',
  wasm: 'wasm',
  cpu: 'cpu',
};

/**
 * Optional modules that register a backend when imported. The native ones are optional peer dependencies:
 * used when the application installed them, never required (their install script downloads libtensorflow).
 */
export const BACKEND_MODULE: Readonly<Partial<Record<BackendChoice, string>>> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
};

/** True for a string naming a known backend. */
export function isBackendChoice(value: string): value is BackendChoice {
  return (BACKEND_CANDIDATES as readonly string[]).includes(value);
}
