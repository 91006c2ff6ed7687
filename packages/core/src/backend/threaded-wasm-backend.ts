import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '../errors.js';
import { shortenPthreadpoolSpin } from './pthreadpool-spin-patch.js';
import { setWasmGemm, setWasmGemmNote } from './wasm-gemm.js';
import { createWasmGemm, type HeapAllocator } from './wasm-gemm-pool.js';

/** The tfjs-backend-wasm release whose `wasm-out/` files this loader was written and tested against. */
export const THREADED_WASM_TFJS_VERSION = '4.22.0';

/** The worker pool the threaded build pre-creates: its C++ never uses more threads than this. */
export const MAX_WASM_THREADS = 8;

const FACTORY_FILE = 'tfjs-backend-wasm-threaded-simd.js';
const WORKER_FILE = 'tfjs-backend-wasm-threaded-simd.worker.js';
const WASM_FILE = 'tfjs-backend-wasm-threaded-simd.wasm';

interface EmscriptenModule extends HeapAllocator {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  PThread: { unusedWorkers: Array<{ unref(): void }>; runningWorkers: Array<{ unref(): void }> };
  tfjs?: Record<string, (...args: number[]) => number>;
}

type WasmPackage = typeof import('@tensorflow/tfjs-backend-wasm');

/** Threads used by default under Node: one per logical core, at most the pre-created pool. */
export function defaultWasmThreads(): number {
  return Math.min(availableParallelism(), MAX_WASM_THREADS);
}

/**
 * Registers tfjs's multi-threaded wasm build as the `wasm` backend under Node, which tfjs itself never does:
 * its `WASM_HAS_MULTITHREAD_SUPPORT` flag is forced off under Node, and it hands emscripten its worker
 * script as a `blob:` URL, which Node's `worker_threads` reject. Here the worker script is written to a
 * file once, and the module is instantiated from the package's own `wasm-out/` files. The C++ side caps
 * its thread pool at (logical cores / 2), read once at start-up, so the import that reports the core count
 * is answered with `2 × threads`: the pool then has exactly `threads` threads. Nothing global is patched;
 * only the `wasm` entry of tfjs's backend registry is replaced (kernels stay registered under that name).
 *
 * With `gemm` (default true) the backend also gets the wasm GEMM engine (see createWasmGemm), which works on
 * the same shared heap, and the pool's idle threads spin for less long (see shortenPthreadpoolSpin) so they
 * do not compete with the engine's. The engine turns on V8's relaxed-SIMD flag where Node lacks it by
 * default (process-wide; it only admits more wasm instructions). A failure to start it is noted (see
 * wasmGemmStatus), not thrown.
 *
 * Must run before the `wasm` backend is first initialised. Returns the thread count the backend will use.
 * Throws a BackendError (and changes nothing) on another tfjs-backend-wasm version, or when the files or
 * worker threads are unavailable; the caller then keeps tfjs's single-threaded build.
 */
export async function registerThreadedWasmBackend(threads: number, wasm: WasmPackage, options: { gemm?: boolean } = {}): Promise<number> {
  if (!Number.isInteger(threads) || threads < 2 || threads > MAX_WASM_THREADS) {
    throw new BackendError(`threaded wasm: threads must be an integer in 2..${MAX_WASM_THREADS}, got ${threads}`);
  }
  if (tf.engine().registry.wasm !== undefined) {
    throw new BackendError('threaded wasm: the wasm backend is already initialised; call initBackend before any other tfjs use');
  }
  const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  const packageRoot = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  if (version !== THREADED_WASM_TFJS_VERSION) {
    throw new BackendError(`threaded wasm: written for @tensorflow/tfjs-backend-wasm ${THREADED_WASM_TFJS_VERSION}, found ${version}`);
  }
  const wasmOut = join(packageRoot, 'wasm-out');
  const factory = require(join(wasmOut, FACTORY_FILE)) as (config: object) => Promise<EmscriptenModule>;
  const workerFile = writeWorkerScript((require(join(wasmOut, WORKER_FILE)) as { wasmWorkerContents: string }).wasmWorkerContents, version);
  const gemm = options.gemm !== false;
  const stockBytes = readFileSync(join(wasmOut, WASM_FILE));
  const spin = gemm ? shortenPthreadpoolSpin(stockBytes) : undefined;
  const wasmBytes: Uint8Array<ArrayBuffer> = spin?.bytes ?? stockBytes;
  // The module is posted to the worker threads, so it must come from Node's main context, not from a vm
  // context such as jest's (there the global WebAssembly is another realm's and the workers never start).
  const NodeWebAssembly = (require('node:vm') as typeof import('node:vm')).runInThisContext('WebAssembly') as typeof WebAssembly;

  let memory: WebAssembly.Memory | undefined;
  const module = await factory({
    locateFile: (path: string) => (path.endsWith('.worker.js') ? workerFile : join(wasmOut, path)),
    // Each worker loads the factory script from this path (a string, so no blob: URL is involved).
    mainScriptUrlOrBlob: join(wasmOut, FACTORY_FILE),
    instantiateWasm: (info: { env: Record<string, unknown> }, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
      info.env.emscripten_num_logical_cores = () => 2 * threads;
      memory = info.env.memory as WebAssembly.Memory;
      void NodeWebAssembly.instantiate(wasmBytes, info as unknown as WebAssembly.Imports).then((r) => receive(r.instance, r.module));
      return {};
    },
  });
  // The same bindings tfjs's own init() creates before constructing the backend.
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  const priority = tf.engine().registryFactory.wasm?.priority ?? 2;
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    () => {
      wasm.setThreadsCount(threads);
      const backend = new wasm.BackendWasm(module as unknown as ConstructorParameters<typeof wasm.BackendWasm>[0]);
      // Emscripten refs a worker while its pthread runs, and the pool's threads never end: without this,
      // Node would never exit. The main thread blocks while they compute, so nothing is lost.
      for (const worker of module.PThread.runningWorkers) worker.unref();
      if (gemm) startGemm(backend, memory, module, threads, NodeWebAssembly, spin?.note);
      return backend;
    },
    priority,
  );
  return threads;
}

/** Attaches the GEMM engine to a new backend instance and stops it with the backend. */
function startGemm(
  backend: tf.KernelBackend,
  memory: WebAssembly.Memory | undefined,
  allocator: HeapAllocator,
  threads: number,
  wasm: typeof WebAssembly,
  spinNote: string | undefined,
): void {
  setWasmGemmNote(undefined);
  try {
    // With the stock spin, the pool's idle thread takes a core for ~1 ms after each XNNPACK op and the
    // engine's threads then run at half speed: no engine is better than that.
    if (spinNote !== undefined) throw new BackendError(spinNote);
    if (memory === undefined) throw new BackendError('the threaded build did not hand over its memory');
    const engine = createWasmGemm(memory, allocator, threads, wasm);
    setWasmGemm(backend, engine);
    const dispose = backend.dispose.bind(backend);
    backend.dispose = () => {
      setWasmGemm(backend, undefined);
      engine.dispose();
      dispose();
    };
  } catch (error) {
    setWasmGemmNote(`wasm GEMM engine not started, XNNPACK does the products: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/** Writes emscripten's worker script to a per-version file in the temp folder (atomically, once). */
function writeWorkerScript(contents: string, version: string): string {
  const folder = join(tmpdir(), 'avalanche-ts');
  const file = join(folder, `tfjs-backend-wasm-${version}-threaded-simd.worker.cjs`);
  // tfjs does the same before making its blob: the template literal turned the script's "\n" escapes
  // into real newlines, which would end its string literals.
  const script = contents.replace(/\n/g, '\\n');
  if (existsSync(file) && readFileSync(file, 'utf8') === script) return file;
  mkdirSync(folder, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, script);
  renameSync(partial, file);
  return file;
}
