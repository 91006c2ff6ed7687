import * as tf from '@tensorflow/tfjs';
import { initBackend } from './init-backend.js';
import { getWasmGemm } from './wasm-gemm.js';

// A file of its own: the threaded backend is registered once per module registry.
describe('threaded wasm with AVALANCHE_WASM_GEMM=0', () => {
  it('leaves the products to XNNPACK and says nothing about an engine', async () => {
    const report = await initBackend({ backend: 'wasm', wasmThreads: 2, env: { AVALANCHE_WASM_GEMM: '0' } });
    expect(report.wasmThreads).toBe(2);
    expect(report.wasmGemm).toBeUndefined();
    expect(report.wasmGemmNote).toBeUndefined();
    expect(getWasmGemm(tf.backend())).toBeUndefined();
    const product = tf.tidy(() => tf.matMul(tf.ones([128, 256]), tf.fill([256, 200], 0.5)).sum().dataSync()[0]);
    expect(product).toBe(128 * 200 * 256 * 0.5);
  });
});
