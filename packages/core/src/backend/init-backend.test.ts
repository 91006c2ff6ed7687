import * as tf from '@tensorflow/tfjs';
import { AvalancheError } from '../avalanche-error.js';
import { BackendError, ValidationError } from '../errors.js';
import { initBackend } from './init-backend.js';

/** A stand-in for the native backend that `@tensorflow/tfjs-node(-gpu)` registers as "tensorflow". */
class FakeNativeBackend extends tf.KernelBackend {
  override numDataIds(): number {
    return 0;
  }
  override dispose(): void {}
}

const notInstalled = (specifier: string) => Promise.reject(new Error(`Cannot find module '${specifier}' from 'init-backend.ts'`));

/** An importModule that "finds" only the named native packages; the wasm package loads for real. */
function installed(...names: string[]): (specifier: string) => Promise<unknown> {
  return async (specifier) => {
    if (specifier === '@tensorflow/tfjs-backend-wasm') return import('@tensorflow/tfjs-backend-wasm');
    if (!names.includes(specifier)) return notInstalled(specifier);
    tf.registerBackend('tensorflow', () => new FakeNativeBackend());
    return {};
  };
}

describe('initBackend', () => {
  afterEach(async () => {
    await tf.setBackend('cpu');
    if (tf.engine().registryFactory.tensorflow) tf.removeBackend('tensorflow');
  });

  it('prefers @tensorflow/tfjs-node-gpu when it is installed', async () => {
    const report = await initBackend({ importModule: installed('@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'), env: {} });
    expect(report.active).toBe('node-gpu');
    expect(report.tfjsBackend).toBe('tensorflow');
    expect(report.skipped).toEqual([]);
    expect(report.reason).toMatch(/first available/);
  });

  it('takes @tensorflow/tfjs-node when only it is installed, and says why node-gpu was skipped', async () => {
    const report = await initBackend({ importModule: installed('@tensorflow/tfjs-node'), env: {} });
    expect(report.active).toBe('node');
    expect(report.skipped).toEqual([{ backend: 'node-gpu', reason: '@tensorflow/tfjs-node-gpu is not installed' }]);
  });

  it('falls back to patched wasm when neither native package is installed', async () => {
    const report = await initBackend({ importModule: installed(), env: {} });
    expect(report.active).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.skipped.map((s) => s.backend)).toEqual(['node-gpu', 'node', 'webgl']);
    expect(report.skipped[2].reason).toMatch(/browser/);
    expect(report.wasm?.kernels).toContain('Conv2DBackpropFilter');
    expect(report.wasmThreads).toBe(1);
    // The GEMM engine needs the threaded build's shared heap.
    expect(report.wasmGemm).toBeUndefined();
    // The mocked import has no core/node entry either, so the threaded build could not load: said on wasm only.
    expect(report.wasmThreadsNote).toMatch(/threaded wasm unavailable, using 1 thread: .*@avalanche-ts\/core\/node/);
    expect((await initBackend({ backend: 'cpu', env: {} })).wasmThreadsNote).toBeUndefined();
    expect((await initBackend({ backend: 'wasm', env: {} })).wasmThreadsNote).toMatch(/threaded wasm unavailable/);
  });

  it('resolves the optional packages for real when no importModule is given (absent here)', async () => {
    const report = await initBackend({ env: {} });
    expect(report.active).toBe('wasm');
    expect(report.skipped[0]).toEqual({ backend: 'node-gpu', reason: '@tensorflow/tfjs-node-gpu is not installed' });
    expect(report.skipped[1]).toEqual({ backend: 'node', reason: '@tensorflow/tfjs-node is not installed' });
  });

  it('reports a native package that is installed but fails to load', async () => {
    const importModule = (s: string) =>
      s === '@tensorflow/tfjs-node-gpu' ? Promise.reject(new Error('libtensorflow.so.2: cannot open shared object file\nstack')) : installed()(s);
    const report = await initBackend({ importModule, env: {} });
    expect(report.skipped[0]).toEqual({
      backend: 'node-gpu',
      reason: '@tensorflow/tfjs-node-gpu failed to load: libtensorflow.so.2: cannot open shared object file',
    });
  });

  it('reports a package that loads but registers no backend', async () => {
    const importModule = (s: string) => (s === '@tensorflow/tfjs-node' ? Promise.resolve({}) : installed()(s));
    const report = await initBackend({ importModule, env: {} });
    expect(report.skipped[1].reason).toBe('@tensorflow/tfjs-node loaded but registered no "tensorflow" backend');
  });

  it('obeys AVALANCHE_BACKEND and lists the others as not tried', async () => {
    const report = await initBackend({ importModule: installed('@tensorflow/tfjs-node'), env: { AVALANCHE_BACKEND: ' CPU ' } });
    expect(report.active).toBe('cpu');
    expect(report.reason).toBe('requested by AVALANCHE_BACKEND=cpu');
    expect(report.skipped).toHaveLength(4);
    expect(report.skipped.every((s) => s.reason === 'not tried: AVALANCHE_BACKEND=cpu')).toBe(true);
  });

  it('lets the backend option override AVALANCHE_BACKEND', async () => {
    const report = await initBackend({ backend: 'wasm', importModule: installed(), env: { AVALANCHE_BACKEND: 'cpu' } });
    expect(report.active).toBe('wasm');
    expect(report.reason).toBe('requested by option backend="wasm"');
  });

  it('rejects an unknown backend name with a ValidationError naming the source and value', async () => {
    await expect(initBackend({ backend: 'gpu' as never })).rejects.toThrow(ValidationError);
    await expect(initBackend({ backend: 'gpu' as never })).rejects.toThrow(/initBackend options\.backend.*"gpu"/s);
    const fromEnv = initBackend({ env: { AVALANCHE_BACKEND: 'tpu' } });
    await expect(fromEnv).rejects.toThrow(/AVALANCHE_BACKEND: unknown backend "tpu"; use one of auto, node-gpu, node, webgl, wasm, cpu/);
  });

  it('hands wasmPaths to the wasm module before the backend starts', async () => {
    const calls: unknown[] = [];
    const fakeWasm = { setWasmPaths: (paths: unknown) => calls.push(paths) };
    const importModule = async (specifier: string) => (specifier === '@tensorflow/tfjs-backend-wasm' ? fakeWasm : notInstalled(specifier));
    const paths = {
      'tfjs-backend-wasm.wasm': '/assets/plain-1.wasm',
      'tfjs-backend-wasm-simd.wasm': '/assets/simd-2.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm': '/assets/threaded-3.wasm',
    };
    // The real wasm backend is registered already, so only the configuration step reaches the module.
    const report = await initBackend({ backend: 'wasm', wasmPaths: paths, importModule, env: {} });
    expect(report.active).toBe('wasm');
    expect(calls).toEqual([paths]);
  });

  it('rejects bad options with a ValidationError', async () => {
    await expect(initBackend({ wasmPaths: '' })).rejects.toThrow(/initBackend options\.wasmPaths/);
    await expect(initBackend({ wasmThreads: 0 })).rejects.toThrow(/initBackend options\.wasmThreads/);
    await expect(initBackend({ backnd: 'cpu' } as never)).rejects.toThrow(ValidationError);
    await expect(initBackend({ wasmGemm: 'yes' } as never)).rejects.toThrow(/initBackend options\.wasmGemm/);
    await expect(initBackend({ env: { AVALANCHE_WASM_GEMM: 'off' } })).rejects.toThrow(/AVALANCHE_WASM_GEMM.*expected 0 or 1.*"off"/);
  });

  it('throws a BackendError when the forced backend cannot start', async () => {
    const attempt = initBackend({ backend: 'node', importModule: installed(), env: {} });
    await expect(attempt).rejects.toThrow(BackendError);
    await expect(initBackend({ env: { AVALANCHE_BACKEND: 'node' }, importModule: installed() })).rejects.toThrow(
      'backend "node" was requested (AVALANCHE_BACKEND=node) but could not start: @tensorflow/tfjs-node is not installed',
    );
    const error = await initBackend({ backend: 'node-gpu', importModule: installed() }).catch((e: unknown) => e);
    expect(AvalancheError.isInstance(error)).toBe(true);
  });
});
