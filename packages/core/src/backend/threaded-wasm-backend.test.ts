import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng.js';
import { initBackend } from './init-backend.js';
import { randomValues, relativeError, wasmDataBuffers, wasmVsCpu } from './compare-backends.test-util.js';
import { WASM_GEMM_MIN_MACS, getWasmGemm } from './wasm-gemm.js';

// The jest preset sets AVALANCHE_WASM_THREADS=1 for every other test file; this one asks for 2 threads.
describe('threaded wasm under Node', () => {
  it('runs the patched wasm backend on 2 threads and computes MLP and CNN gradients as the cpu backend does', async () => {
    const report = await initBackend({ backend: 'wasm', wasmThreads: 2 });
    expect(report.wasmThreadsNote).toBeUndefined();
    expect(report.wasmThreads).toBe(2);
    expect(report.wasmGemm).toEqual({ kernels: 'fma', threads: 2 });
    expect(report.wasmGemmNote).toBeUndefined();
    await initBackend({ backend: 'cpu' });

    // Sizes large enough for XNNPACK to split the work across both threads, and for the GEMM engine to take
    // the first layer's products (forward and the weight gradient).
    const rng = new Rng(7);
    const x = randomValues(rng, 64 * 300);
    const w1 = randomValues(rng, 300 * 256).map((v) => v * 0.05);
    const w2 = randomValues(rng, 256 * 10).map((v) => v * 0.1);
    const mlpErr = await wasmVsCpu(() =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.relu(tf.matMul(tf.tensor2d(x, [64, 300]), a as tf.Tensor2D)).matMul(b as tf.Tensor2D).square().mean())([
        tf.tensor2d(w1, [300, 256]),
        tf.tensor2d(w2, [256, 10]),
      ]),
    );
    expect(mlpErr).toBeLessThan(1e-4);

    const img = randomValues(rng, 4 * 16 * 16 * 3);
    const k = randomValues(rng, 3 * 3 * 3 * 16).map((v) => v * 0.2);
    const cnnErr = await wasmVsCpu(() =>
      tf.grads((input: tf.Tensor, f: tf.Tensor) => tf.conv2d(input as tf.Tensor4D, f as tf.Tensor4D, 1, 'same').relu().sum())([
        tf.tensor4d(img, [4, 16, 16, 3]),
        tf.tensor4d(k, [3, 3, 3, 16]),
      ]),
    );
    expect(cnnErr).toBeLessThan(1e-4);
  });

  // Every case is above WASM_GEMM_MIN_MACS, so the engine (not XNNPACK) computes it on the wasm side.
  it.each([
    { m: 128, k: 784, n: 512, transposeA: false, transposeB: false },
    { m: 97, k: 401, n: 130, transposeA: true, transposeB: false },
    { m: 130, k: 257, n: 130, transposeA: false, transposeB: true },
    { m: 64, k: 512, n: 160, transposeA: true, transposeB: true },
  ])('multiplies on the wasm GEMM engine as the cpu backend does: m=$m k=$k n=$n transposeA=$transposeA transposeB=$transposeB', async (c) => {
    await initBackend({ backend: 'wasm', wasmThreads: 2 });
    expect(c.m * c.k * c.n).toBeGreaterThanOrEqual(WASM_GEMM_MIN_MACS);
    const engine = getWasmGemm(tf.backend());
    if (engine === undefined) throw new Error('no GEMM engine on the threaded wasm backend');
    const runs = jest.spyOn(engine, 'run');
    const rng = new Rng(c.m + c.n);
    const a = randomValues(rng, c.m * c.k);
    const b = randomValues(rng, c.k * c.n);
    const bias = randomValues(rng, c.n);
    const aShape: [number, number] = c.transposeA ? [c.k, c.m] : [c.m, c.k];
    const bShape: [number, number] = c.transposeB ? [c.n, c.k] : [c.k, c.n];
    await initBackend({ backend: 'cpu' });
    const err = await wasmVsCpu(() => {
      const x = tf.tensor2d(a, aShape);
      const y = tf.tensor2d(b, bShape);
      const fused = (activation: 'relu' | 'linear' | 'elu') =>
        tf.fused.matMul({ a: x, b: y, transposeA: c.transposeA, transposeB: c.transposeB, bias: tf.tensor1d(bias), activation });
      const batched = tf.matMul(x.expandDims(0), y.expandDims(0), c.transposeA, c.transposeB);
      return [tf.matMul(x, y, c.transposeA, c.transposeB), fused('relu'), fused('linear'), fused('elu'), batched];
    });
    expect(err).toBeLessThan(1e-4);
    // Plain, fused relu, fused linear and the batch-of-one product; elu is not the engine's (stock path).
    expect(runs).toHaveBeenCalledTimes(4);
    runs.mockRestore();
  });

  it('reuses packed weights only while they are the same data (same tensor, same layout)', async () => {
    await initBackend({ backend: 'wasm', wasmThreads: 2 });
    const rng = new Rng(11);
    const reference = (a: Float32Array, b: Float32Array, m: number, k: number, n: number, transposeB: boolean) => {
      const out = new Float32Array(m * n);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let kk = 0; kk < k; kk++) sum += a[i * k + kk] * b[transposeB ? j * k + kk : kk * n + j];
          out[i * n + j] = sum;
        }
      }
      return out;
    };
    const xValues = randomValues(rng, 128 * 300);
    const yValues = randomValues(rng, 128 * 200);
    const w1 = randomValues(rng, 300 * 200);
    const w2 = randomValues(rng, 300 * 200);
    const x = tf.tensor2d(xValues, [128, 300]);
    const y = tf.tensor2d(yValues, [128, 200]);
    const w = tf.variable(tf.tensor2d(w1, [300, 200]));
    const product = (transposeB: boolean) => tf.tidy(() => (transposeB ? tf.matMul(y, w, false, true) : tf.matMul(x, w)).dataSync() as Float32Array);
    const first = product(false);
    expect(relativeError(first, reference(xValues, w1, 128, 300, 200, false))).toBeLessThan(1e-5);
    expect(product(false)).toEqual(first);
    // Same data read transposed: other panels.
    expect(relativeError(product(true), reference(yValues, w1, 128, 200, 300, true))).toBeLessThan(1e-5);
    // An update gives the variable new data: the old panels must not serve it.
    w.assign(tf.tensor2d(w2, [300, 200]));
    expect(relativeError(product(false), reference(xValues, w2, 128, 300, 200, false))).toBeLessThan(1e-5);
    expect(relativeError(product(true), reference(yValues, w2, 128, 200, 300, true))).toBeLessThan(1e-5);
    // New data in the very memory of freed data (the heap reuses the block): still new panels.
    const offset = (t: tf.Tensor) => (tf.backend() as unknown as { dataIdMap: { get(id: object): { memoryOffset: number } } }).dataIdMap.get(t.dataId).memoryOffset;
    const before = tf.tensor2d(w1, [300, 200]);
    const beforeAt = offset(before);
    expect(relativeError(tf.tidy(() => tf.matMul(x, before).dataSync() as Float32Array), reference(xValues, w1, 128, 300, 200, false))).toBeLessThan(1e-5);
    before.dispose();
    const after = tf.tensor2d(w2, [300, 200]);
    expect(offset(after)).toBe(beforeAt);
    expect(relativeError(tf.tidy(() => tf.matMul(x, after).dataSync() as Float32Array), reference(xValues, w2, 128, 300, 200, false))).toBeLessThan(1e-5);
    tf.dispose([x, y, w, after]);
  });

  it('keeps the tensor count and wasm heap flat over repeated engine products', async () => {
    await initBackend({ backend: 'wasm', wasmThreads: 2 });
    const x = tf.randomNormal([128, 784]);
    const w = tf.randomNormal([784, 512]);
    const b = tf.randomNormal([512]);
    const step = () => tf.tidy(() => tf.fused.matMul({ a: x, b: w, bias: b, activation: 'relu' }).sum().dataSync());
    step();
    const before = tf.memory();
    const buffers = wasmDataBuffers();
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(wasmDataBuffers()).toBe(buffers);
    tf.dispose([x, w, b]);
  });

  it('rejects a thread count outside 1..8, naming the field', async () => {
    await expect(initBackend({ backend: 'wasm', wasmThreads: 9 })).rejects.toThrow(/wasmThreads/);
    await expect(initBackend({ backend: 'wasm', env: { AVALANCHE_WASM_THREADS: 'many' } })).rejects.toThrow(/AVALANCHE_WASM_THREADS.*many/);
  });
});
