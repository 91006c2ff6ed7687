import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng.js';
import { initBackend } from './init-backend.js';
import { randomValues, wasmVsCpu } from './compare-backends.test-util.js';

// The jest preset sets AVALANCHE_WASM_THREADS=1 for every other test file; this one asks for 2 threads.
describe('threaded wasm under Node', () => {
  it('runs the patched wasm backend on 2 threads and computes MLP and CNN gradients as the cpu backend does', async () => {
    const report = await initBackend({ backend: 'wasm', wasmThreads: 2 });
    expect(report.wasmThreadsNote).toBeUndefined();
    expect(report.wasmThreads).toBe(2);
    await initBackend({ backend: 'cpu' });

    // Sizes large enough for XNNPACK to split the work across both threads.
    const rng = new Rng(7);
    const x = randomValues(rng, 64 * 300);
    const w1 = randomValues(rng, 300 * 128).map((v) => v * 0.05);
    const w2 = randomValues(rng, 128 * 10).map((v) => v * 0.1);
    const mlpErr = await wasmVsCpu(() =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.relu(tf.matMul(tf.tensor2d(x, [64, 300]), a as tf.Tensor2D)).matMul(b as tf.Tensor2D).square().mean())([
        tf.tensor2d(w1, [300, 128]),
        tf.tensor2d(w2, [128, 10]),
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

  it('rejects a thread count outside 1..8, naming the field', async () => {
    await expect(initBackend({ backend: 'wasm', wasmThreads: 9 })).rejects.toThrow(/wasmThreads/);
    await expect(initBackend({ backend: 'wasm', env: { AVALANCHE_WASM_THREADS: 'many' } })).rejects.toThrow(/AVALANCHE_WASM_THREADS.*many/);
  });
});
