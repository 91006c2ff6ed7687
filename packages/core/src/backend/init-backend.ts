import * as tf from '@tensorflow/tfjs';
import { BackendError, ValidationError } from '../errors.js';
import { applyWasmPatches, type WasmPatchReport } from './wasm-patches.js';

/** Backends `initBackend` knows, in the order it tries them (native first, pure JS last). */
export const BACKEND_CANDIDATES = ['node-gpu', 'node', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CANDIDATES)[number];

/** The tfjs backend name each choice registers. */
const TFJS_NAME: Record<BackendChoice, string> = {
  'node-gpu': 'tensorflow',
  node: 'tensorflow',
  webgl: 'webgl',
  wasm: 'wasm',
  cpu: 'cpu',
};

/** Optional modules that register a backend when imported (optional peer dependencies). */
const MODULE_OF: Partial<Record<BackendChoice, string>> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
};

export interface InitBackendOptions {
  /** Force one backend; 'auto' (default) tries them in order. Overrides `AVALANCHE_BACKEND`. */
  readonly backend?: BackendChoice | 'auto';
  /** Threads for the wasm backend (default: every core, where threads work). */
  readonly wasmThreads?: number;
  /** Apply the wasm speed and gap fixes (default true). */
  readonly patchWasm?: boolean;
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
}

const defaultImport = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

function readEnv(): Readonly<Record<string, string | undefined>> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

/**
 * Picks and activates the fastest TensorFlow.js backend available: `@tensorflow/tfjs-node-gpu`, then
 * `@tensorflow/tfjs-node` (used only when the user installed them), WebGL in a browser, then the wasm
 * backend (patched for speed and missing kernels), then the pure-JS `cpu` backend. The `backend` option,
 * or else the `AVALANCHE_BACKEND` environment variable, forces one. Returns which backend is active and
 * why the others were skipped.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendReport> {
  const env = options.env ?? readEnv();
  const importModule = options.importModule ?? defaultImport;
  const fromEnv = env.AVALANCHE_BACKEND?.trim();
  const requested = options.backend ?? (fromEnv ? fromEnv : 'auto');
  if (requested !== 'auto' && !(BACKEND_CANDIDATES as readonly string[]).includes(requested)) {
    const source = options.backend !== undefined ? 'option backend' : 'environment variable AVALANCHE_BACKEND';
    throw new ValidationError(`${source}: unknown backend "${requested}"; use one of auto, ${BACKEND_CANDIDATES.join(', ')}`);
  }
  const skipped: Array<{ backend: BackendChoice; reason: string }> = [];

  if (requested !== 'auto') {
    const choice = requested as BackendChoice;
    const failure = await tryActivate(choice, importModule, options);
    if (failure !== undefined) {
      throw new BackendError(`backend "${choice}" was requested (${options.backend !== undefined ? 'option' : 'AVALANCHE_BACKEND'}) but could not start: ${failure}`);
    }
    const reason = options.backend !== undefined ? `requested by option backend="${choice}"` : `requested by AVALANCHE_BACKEND=${choice}`;
    return report(choice, reason, skipped, options);
  }

  for (const choice of BACKEND_CANDIDATES) {
    if ((choice === 'node' || choice === 'node-gpu') && !isNode()) {
      skipped.push({ backend: choice, reason: 'not running in Node.js' });
      continue;
    }
    if (choice === 'webgl' && typeof document === 'undefined') {
      skipped.push({ backend: choice, reason: 'no browser document (WebGL needs a browser)' });
      continue;
    }
    const failure = await tryActivate(choice, importModule, options);
    if (failure === undefined) return report(choice, 'first available in order ' + BACKEND_CANDIDATES.join(' > '), skipped, options);
    skipped.push({ backend: choice, reason: failure });
  }
  throw new BackendError(`no TensorFlow.js backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}

async function report(
  active: BackendChoice,
  reason: string,
  skipped: Array<{ backend: BackendChoice; reason: string }>,
  options: InitBackendOptions,
): Promise<BackendReport> {
  let wasm: WasmPatchReport | undefined;
  if (active === 'wasm' && options.patchWasm !== false) wasm = applyWasmPatches();
  return { active, tfjsBackend: tf.getBackend(), reason, skipped, wasm };
}

/** Activates one backend; returns undefined on success or the reason it failed. */
async function tryActivate(
  choice: BackendChoice,
  importModule: (specifier: string) => Promise<unknown>,
  options: InitBackendOptions,
): Promise<string | undefined> {
  const moduleName = MODULE_OF[choice];
  if (moduleName !== undefined && !tf.engine().registryFactory[TFJS_NAME[choice]]) {
    try {
      const mod = await importModule(moduleName);
      if (choice === 'wasm') await configureWasm(mod, options);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND|Failed to resolve/.test(message)) {
        return `${moduleName} is not installed`;
      }
      return `${moduleName} failed to load: ${message.split('\n')[0]}`;
    }
    if (!tf.engine().registryFactory[TFJS_NAME[choice]]) return `${moduleName} loaded but registered no "${TFJS_NAME[choice]}" backend`;
  } else if (choice === 'wasm') {
    await configureWasm(undefined, options);
  }
  try {
    const ok = await tf.setBackend(TFJS_NAME[choice]);
    if (!ok) return `tf.setBackend("${TFJS_NAME[choice]}") failed`;
    await tf.ready();
  } catch (error) {
    return `initialisation failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  return undefined;
}

async function configureWasm(mod: unknown, options: InitBackendOptions): Promise<void> {
  const wasm = (mod ?? (await import('@tensorflow/tfjs-backend-wasm'))) as typeof import('@tensorflow/tfjs-backend-wasm');
  if (options.wasmThreads !== undefined) {
    if (!Number.isInteger(options.wasmThreads) || options.wasmThreads < 1) {
      throw new ValidationError(`option wasmThreads must be a positive integer, got ${options.wasmThreads}`);
    }
    wasm.setThreadsCount(options.wasmThreads);
  }
}
