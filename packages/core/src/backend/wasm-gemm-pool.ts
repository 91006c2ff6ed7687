import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { BackendError } from '../errors.js';
import { GEMM_NR, GEMM_PARAMS, gemmModuleBytes, relaxedSimdSupported } from './gemm-wasm-module.js';
import type { GemmJob, WasmGemm } from './wasm-gemm.js';

/** The emscripten module functions the engine uses for its scratch memory. */
export interface HeapAllocator {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
}

// The control array shared by all threads (Int32 words).
const WAKE = 0; // job generation, 1..0x7fff; workers sleep on it; -1 stops them
const CLAIM = 1; // (generation << 16) | next chunk to take
const DONE = 2; // chunks finished for the current job
const CHUNKS = 3;
const CHUNK_PANELS = 4;
const PANELS = 5;
const PARAMS = 6; // GEMM_PARAMS, with the panel range and tile filled in by whoever takes a chunk
const CONTROL_WORDS = PARAMS + GEMM_PARAMS.length;
const PANEL_BEGIN = PARAMS + GEMM_PARAMS.indexOf('panelBegin');
const TILE = PARAMS + GEMM_PARAMS.indexOf('scratch');
/**
 * A product not finished within this time (or 1 ms per million multiply-adds, if longer) is taken as lost
 * to a dead worker: its error event cannot reach a main thread that blocks waiting for it.
 */
const WORKER_TIMEOUT_MS = 30_000;
/** Packed B panels kept for reuse (see GemmJob.bKey): at most this many, of at most this many bytes in all. */
const PACKED_CACHE_ENTRIES = 4;
const PACKED_CACHE_BYTES = 64 << 20;
/** Bytes of the per-thread tile the kernels use for the last, narrower panel. */
const TILE_BYTES = 4 * GEMM_NR * 4;

/**
 * takeChunks(control, gemm, generation, tile): takes chunks of the current job's panels until none is left
 * or the job has changed; returns how many it took. The calling thread and the workers run this same source,
 * so that a thread another process delays simply takes fewer chunks instead of holding the product up:
 * nobody waits for a thread that has not started. The generation in the claim word keeps a late thread off
 * the next job; a thread that owns a chunk reads the job's parameters, which stay put until every chunk is done.
 */
const TAKE_CHUNKS_SOURCE = `function takeChunks(control, gemm, generation, tile) {
  const args = new Array(${GEMM_PARAMS.length}).fill(0);
  let taken = 0;
  for (;;) {
    const word = Atomics.load(control, ${CLAIM});
    const chunk = word & 0xffff;
    if (word >>> 16 !== generation || chunk >= control[${CHUNKS}]) return taken;
    if (Atomics.compareExchange(control, ${CLAIM}, word, word + 1) !== word) continue;
    for (let i = 0; i < args.length; i++) args[i] = control[${PARAMS} + i];
    const per = control[${CHUNK_PANELS}];
    args[${PANEL_BEGIN - PARAMS}] = chunk * per;
    args[${PANEL_BEGIN - PARAMS + 1}] = Math.min(control[${PANELS}], (chunk + 1) * per);
    args[${TILE - PARAMS}] = tile;
    gemm(...args);
    taken++;
    if (Atomics.add(control, ${DONE}, 1) + 1 === control[${CHUNKS}]) Atomics.notify(control, ${DONE});
  }
}`;

type TakeChunks = (control: Int32Array, gemm: (...args: number[]) => void, generation: number, tile: number) => number;
const takeChunks = new Function(`${TAKE_CHUNKS_SOURCE}\nreturn takeChunks;`)() as TakeChunks;

// The worker instantiates the same module on the same shared heap and takes chunks whenever woken.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, tile } = workerData;
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
${TAKE_CHUNKS_SOURCE}
let seen = 0;
for (;;) {
  Atomics.wait(control, ${WAKE}, seen);
  seen = Atomics.load(control, ${WAKE});
  if (seen < 0) break;
  takeChunks(control, gemm, seen, tile);
}
`;

/**
 * Enables relaxed SIMD in V8 when the engine lacks it by default (Node 20; Node 22 ships it): the FMA
 * kernels are 1.3x the mul+add ones. The flag only admits an additional, standardised wasm instruction set.
 */
function enableRelaxedSimd(wasm: typeof WebAssembly): boolean {
  if (relaxedSimdSupported(wasm)) return true;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return relaxedSimdSupported(wasm);
}

/**
 * Starts the GEMM engine on the threaded wasm backend's shared heap: the generated module is instantiated
 * on the calling thread and on `threads - 1` workers, which wait on a control array and each take a
 * contiguous range of the product's column panels. Workers are unref'd, so they never keep Node alive.
 */
export function createWasmGemm(memory: WebAssembly.Memory, allocator: HeapAllocator, threads: number, wasm: typeof WebAssembly): WasmGemm {
  const fma = enableRelaxedSimd(wasm);
  const module = new wasm.Module(gemmModuleBytes({ fma, sharedMemory: true }));
  const exports = new wasm.Instance(module, { env: { memory } }).exports as Record<'gemm' | 'transpose', (...args: number[]) => void>;
  const gemm = exports.gemm;
  const control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS));
  const tiles = allocator._malloc(TILE_BYTES * threads);
  let failure: string | undefined;
  for (let slot = 1; slot < threads; slot++) {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control, tile: tiles + slot * TILE_BYTES } });
    worker.on('error', (error: Error) => {
      failure = `GEMM worker ${slot} failed: ${error.message}`;
    });
    worker.unref();
  }
  let scratchAddr = 0;
  let scratchBytes = 0;
  let transposedAddr = 0;
  let transposedBytes = 0;
  let packedAddr = 0;
  let packedBytes = 0;
  const grow = (addr: number, have: number, need: number): [number, number] => {
    if (need <= have) return [addr, have];
    if (addr) allocator._free(addr);
    const bytes = Math.max(need, 2 * have);
    const next = allocator._malloc(bytes);
    if (!next) throw new BackendError(`wasm GEMM: could not allocate ${bytes} bytes on the wasm heap`);
    return [next, bytes];
  };

  interface Packed {
    readonly key: object;
    readonly addr: number;
    readonly bytes: number;
    /** Where and how B was read when packed: all must match for a reuse. */
    readonly source: string;
  }
  // Most recently used last.
  const packedCache: Packed[] = [];
  const sourceOf = (job: GemmJob) => `${job.b}:${job.bKStride}:${job.bColStride}:${job.k}:${job.n}`;
  /** Where the job's packed B goes or is, and whether it must still be packed. */
  const packedFor = (job: GemmJob, bytes: number): { addr: number; pack: boolean } => {
    const source = sourceOf(job);
    if (job.bKey !== undefined) {
      const hit = packedCache.findIndex((p) => p.key === job.bKey && p.source === source);
      if (hit >= 0) {
        const [entry] = packedCache.splice(hit, 1);
        packedCache.push(entry);
        return { addr: entry.addr, pack: false };
      }
      if (bytes <= PACKED_CACHE_BYTES) {
        let total = packedCache.reduce((sum, p) => sum + p.bytes, 0);
        while (packedCache.length >= PACKED_CACHE_ENTRIES || (packedCache.length > 0 && total + bytes > PACKED_CACHE_BYTES)) {
          const evicted = packedCache.shift() as Packed;
          allocator._free(evicted.addr);
          total -= evicted.bytes;
        }
        const addr = allocator._malloc(bytes);
        if (addr) {
          packedCache.push({ key: job.bKey, addr, bytes, source });
          return { addr, pack: true };
        }
      }
    }
    [packedAddr, packedBytes] = grow(packedAddr, packedBytes, bytes);
    return { addr: packedAddr, pack: true };
  };

  const params = (job: GemmJob, packed: { addr: number; pack: boolean }): number[] => [
    job.a,
    job.aRowStride,
    job.aKStride,
    job.b,
    job.bKStride,
    job.bColStride,
    packed.addr,
    packed.pack ? 1 : 0,
    job.c,
    job.n * 4,
    job.m,
    job.k,
    job.n,
    0,
    0,
    job.bias,
    job.relu ? 1 : 0,
    0,
  ];
  let generation = 0;

  return {
    kind: fma ? 'fma' : 'simd',
    threads,
    scratch(bytes) {
      [scratchAddr, scratchBytes] = grow(scratchAddr, scratchBytes, bytes);
      return scratchAddr;
    },
    transposed(source, rows, cols) {
      [transposedAddr, transposedBytes] = grow(transposedAddr, transposedBytes, rows * cols * 4);
      exports.transpose(source, rows, cols, transposedAddr);
      return transposedAddr;
    },
    run(job) {
      if (failure !== undefined) throw new BackendError(failure);
      const panels = Math.ceil(job.n / GEMM_NR);
      const packed = packedFor(job, panels * job.k * GEMM_NR * 4);
      // Two chunks per thread: a delayed thread costs at most half its share (8 per thread measured ~5% slower).
      const perChunk = Math.max(1, Math.ceil(panels / (2 * threads)));
      const chunks = Math.ceil(panels / perChunk);
      generation = (generation % 0x7fff) + 1;
      control.set(params(job, packed), PARAMS);
      control[CHUNKS] = chunks;
      control[CHUNK_PANELS] = perChunk;
      control[PANELS] = panels;
      Atomics.store(control, DONE, 0);
      Atomics.store(control, CLAIM, generation << 16);
      if (chunks > 1 && threads > 1) {
        Atomics.store(control, WAKE, generation);
        Atomics.notify(control, WAKE);
      }
      try {
        takeChunks(control, gemm, generation, tiles);
        const timeout = Math.max(WORKER_TIMEOUT_MS, (job.m * job.n * job.k) / 1e6);
        for (let spin = 0; spin < 4000 && Atomics.load(control, DONE) !== chunks; spin++);
        for (let done = Atomics.load(control, DONE); done !== chunks; done = Atomics.load(control, DONE)) {
          if (Atomics.wait(control, DONE, done, timeout) === 'timed-out') {
            failure = failure ?? `a GEMM worker did not finish its part within ${Math.round(timeout)} ms`;
            throw new BackendError(failure);
          }
        }
      } catch (error) {
        // Panels packed for reuse may be incomplete: never reuse them.
        const cached = packedCache.findIndex((p) => p.addr === packed.addr);
        if (packed.pack && cached >= 0) packedCache.splice(cached, 1);
        throw error;
      }
    },
    dispose() {
      Atomics.store(control, WAKE, -1);
      Atomics.notify(control, WAKE);
      for (const addr of [scratchAddr, transposedAddr, packedAddr, tiles, ...packedCache.map((p) => p.addr)]) if (addr) allocator._free(addr);
      packedCache.length = 0;
      scratchAddr = transposedAddr = packedAddr = 0;
      scratchBytes = transposedBytes = packedBytes = 0;
    },
  };
}
