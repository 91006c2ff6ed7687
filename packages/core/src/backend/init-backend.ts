import * as tf from '@tensorflow/tfjs';
import { BackendError, ValidationError } from '../errors.js';
import { parseWithSchema } from '../validate.js';
import { BACKEND_CANDIDATES, BACKEND_MODULE, TFJS_BACKEND_NAME, isBackendChoice, type BackendChoice } from './backend-candidates.js';
import { initBackendOptionsSchema, type BackendReport, type InitBackendOptions } from './init-backend-options.js';
import { applyWasmPatches, type WasmPatchReport } from './wasm-patches.js';
import { wasmGemmStatus } from './wasm-gemm.js';

type Skipped = Array<{ backend: BackendChoice; reason: string }>;
type NodeHelpers = typeof import('../node.js');
type ImportModule = (specifier: string) => Promise<unknown>;

// The specifier is a variable so bundlers leave the optional native packages alone. The wasm backend is a
// dependency of core: it is imported by its literal name, so a browser bundle includes it.
const defaultImport: ImportModule = (specifier) =>
  specifier === BACKEND_MODULE.wasm ? import('@tensorflow/tfjs-backend-wasm') : import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

// Core's Node-only entry, imported by a variable specifier so browser bundles never include node: modules.
const NODE_ENTRY = '@avalanche-ts/core/node';

function readEnv(): Readonly<Record<string, string | undefined>> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

/**
 * Picks and activates the fastest TensorFlow.js backend available: `@tensorflow/tfjs-node-gpu`, then
 * `@tensorflow/tfjs-node` (used only when the application installed them), WebGL in a browser, then the
 * wasm backend (patched for speed and missing kernels, see `applyWasmPatches`), then the pure-JS `cpu`
 * backend. The `backend` option, or else the `AVALANCHE_BACKEND` environment variable, forces one: an
 * unknown name is a ValidationError, a forced backend that cannot start a BackendError. Returns which
 * backend is active and why each other one was skipped.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendReport> {
  parseWithSchema(initBackendOptionsSchema, options, 'initBackend options');
  const env = options.env ?? readEnv();
  const threadsFromEnv = env.AVALANCHE_WASM_THREADS?.trim();
  if (options.wasmThreads === undefined && threadsFromEnv) {
    const n = Number(threadsFromEnv);
    if (!Number.isInteger(n) || n < 1 || n > 8) {
      throw new ValidationError(`environment variable AVALANCHE_WASM_THREADS: expected an integer in 1..8, got "${threadsFromEnv}"`);
    }
    options = { ...options, wasmThreads: n };
  }
  const gemmFromEnv = env.AVALANCHE_WASM_GEMM?.trim();
  if (options.wasmGemm === undefined && gemmFromEnv) {
    if (gemmFromEnv !== '0' && gemmFromEnv !== '1') {
      throw new ValidationError(`environment variable AVALANCHE_WASM_GEMM: expected 0 or 1, got "${gemmFromEnv}"`);
    }
    options = { ...options, wasmGemm: gemmFromEnv === '1' };
  }
  const importModule = options.importModule ?? defaultImport;
  const fromEnv = env.AVALANCHE_BACKEND?.trim().toLowerCase();
  const requested = options.backend ?? (fromEnv ? fromEnv : 'auto');
  if (requested !== 'auto' && !isBackendChoice(requested)) {
    throw new ValidationError(
      `environment variable AVALANCHE_BACKEND: unknown backend "${env.AVALANCHE_BACKEND}"; use one of auto, ${BACKEND_CANDIDATES.join(', ')}`,
    );
  }

  if (requested !== 'auto') {
    const how = options.backend !== undefined ? `option backend="${requested}"` : `AVALANCHE_BACKEND=${requested}`;
    const failure = await tryActivate(requested, importModule, options);
    if (failure !== undefined) throw new BackendError(`backend "${requested}" was requested (${how}) but could not start: ${failure}`);
    const skipped = BACKEND_CANDIDATES.filter((b) => b !== requested).map((backend) => ({ backend, reason: `not tried: ${how}` }));
    return report(requested, `requested by ${how}`, skipped, options);
  }

  const skipped: Skipped = [];
  for (const choice of BACKEND_CANDIDATES) {
    const unfit = unfitHere(choice);
    if (unfit !== undefined) {
      skipped.push({ backend: choice, reason: unfit });
      continue;
    }
    const failure = await tryActivate(choice, importModule, options);
    if (failure === undefined) return report(choice, `first available in order ${BACKEND_CANDIDATES.join(' > ')}`, skipped, options);
    skipped.push({ backend: choice, reason: failure });
  }
  throw new BackendError(`no TensorFlow.js backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}

/** Why a candidate cannot run in this environment at all, or undefined when it may. */
function unfitHere(choice: BackendChoice): string | undefined {
  if ((choice === 'node' || choice === 'node-gpu') && !isNode()) return 'not running in Node.js';
  if (choice === 'webgl' && typeof document === 'undefined') return 'no browser document (WebGL needs a browser)';
  return undefined;
}

async function report(active: BackendChoice, reason: string, skipped: Skipped, options: InitBackendOptions): Promise<BackendReport> {
  let wasm: WasmPatchReport | undefined;
  let wasmThreads: number | undefined;
  if (active === 'wasm') {
    if (options.patchWasm !== false) wasm = applyWasmPatches();
    const mod = (await import('@tensorflow/tfjs-backend-wasm')) as typeof import('@tensorflow/tfjs-backend-wasm');
    wasmThreads = mod.getThreadsCount();
  }
  const note = active === 'wasm' ? threadsNote : undefined;
  const gemm = active === 'wasm' && options.patchWasm !== false ? wasmGemmStatus(tf.backend()) : {};
  return {
    active,
    tfjsBackend: tf.getBackend(),
    reason,
    skipped,
    wasm,
    wasmThreads,
    ...(note ? { wasmThreadsNote: note } : {}),
    ...(gemm.kernels !== undefined && gemm.threads !== undefined ? { wasmGemm: { kernels: gemm.kernels, threads: gemm.threads } } : {}),
    ...(gemm.note !== undefined ? { wasmGemmNote: gemm.note } : {}),
  };
}

/** Why the wasm backend stayed single-threaded under Node, if it did (it keeps that build once started). */
let threadsNote: string | undefined;

/**
 * Under Node, swaps tfjs's single-threaded wasm build for its threaded one (see registerThreadedWasmBackend)
 * when more than one thread is wanted. A failure keeps the single-threaded build and is reported, not thrown.
 */
async function useThreadedWasmUnderNode(wasmModule: unknown, options: InitBackendOptions): Promise<void> {
  if (!isNode() || tf.engine().registry.wasm !== undefined) return;
  threadsNote = undefined;
  try {
    const helpers = (await (options.importModule ?? defaultImport)(NODE_ENTRY)) as NodeHelpers;
    const threads = options.wasmThreads ?? helpers.defaultWasmThreads();
    if (threads < 2) return;
    const gemm = options.wasmGemm !== false && options.patchWasm !== false;
    await helpers.registerThreadedWasmBackend(threads, wasmModule as Parameters<NodeHelpers['registerThreadedWasmBackend']>[1], { gemm });
  } catch (error) {
    threadsNote = `threaded wasm unavailable, using 1 thread: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

/** Activates one backend; returns undefined on success or the reason it failed. */
async function tryActivate(choice: BackendChoice, importModule: ImportModule, options: InitBackendOptions): Promise<string | undefined> {
  const moduleName = BACKEND_MODULE[choice];
  const tfjsName = TFJS_BACKEND_NAME[choice];
  if (moduleName !== undefined && !tf.engine().registryFactory[tfjsName]) {
    try {
      const mod = await importModule(moduleName);
      if (choice === 'wasm') {
        configureWasm(mod, options);
        await useThreadedWasmUnderNode(mod, options);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND|Failed to resolve/.test(message)) {
        return `${moduleName} is not installed`;
      }
      return `${moduleName} failed to load: ${message.split('\n')[0]}`;
    }
    if (!tf.engine().registryFactory[tfjsName]) return `${moduleName} loaded but registered no "${tfjsName}" backend`;
  } else if (choice === 'wasm' && (options.wasmThreads !== undefined || options.wasmPaths !== undefined || tf.engine().registry.wasm === undefined)) {
    const mod = await importModule(BACKEND_MODULE.wasm as string);
    configureWasm(mod, options);
    await useThreadedWasmUnderNode(mod, options);
  }
  try {
    const ok = await tf.setBackend(tfjsName);
    if (!ok) return `tf.setBackend("${tfjsName}") failed`;
    await tf.ready();
  } catch (error) {
    return `initialisation failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  return undefined;
}

function configureWasm(mod: unknown, options: InitBackendOptions): void {
  const wasm = mod as Partial<typeof import('@tensorflow/tfjs-backend-wasm')>;
  if (options.wasmThreads !== undefined && typeof wasm.setThreadsCount === 'function') wasm.setThreadsCount(options.wasmThreads);
  // tfjs reads the paths once, when the backend first instantiates its module (later calls change nothing).
  if (options.wasmPaths !== undefined && typeof wasm.setWasmPaths === 'function') {
    wasm.setWasmPaths(options.wasmPaths as Parameters<typeof wasm.setWasmPaths>[0]);
  }
}
