import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng.js';
import { randomValues, setupBackends, wasmDataBuffers, wasmVsCpu } from './compare-backends.test-util.js';
import { PATCH_MARK, type MarkedKernelFunc } from './wasm-kernel-patch.js';
import { applyWasmPatches, removeWasmPatches, WASM_KERNEL_PATCHES } from './wasm-patches.js';

/** A small MLP (dense-relu-dense, softmax cross-entropy) over raw weights; returns the loss. */
function mlpLoss(x: tf.Tensor2D, y: tf.Tensor2D, [w1, b1, w2, b2]: tf.Tensor[]): tf.Scalar {
  const h = tf.relu(tf.add(tf.matMul(x, w1 as tf.Tensor2D), b1));
  const logits = tf.add(tf.matMul(h, w2 as tf.Tensor2D), b2);
  return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
}

/** A SimpleCNN-shaped network in small: conv(same)-relu-conv(valid)-relu-maxpool-conv 1x1-global max-dense. */
function cnnLoss(x: tf.Tensor4D, y: tf.Tensor2D, [k1, c1, k2, c2, k3, c3, w, b]: tf.Tensor[]): tf.Scalar {
  let h = tf.relu(tf.add(tf.conv2d(x, k1 as tf.Tensor4D, 1, 'same'), c1)) as tf.Tensor4D;
  h = tf.relu(tf.add(tf.conv2d(h, k2 as tf.Tensor4D, 1, 'valid'), c2)) as tf.Tensor4D;
  h = tf.maxPool(h, 2, 2, 'valid');
  h = tf.relu(tf.add(tf.conv2d(h, k3 as tf.Tensor4D, 1, 'valid'), c3)) as tf.Tensor4D;
  const pooled = tf.max(h, [1, 2]) as tf.Tensor2D;
  return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(pooled, w as tf.Tensor2D), b)) as tf.Scalar;
}

const MLP_SHAPES = [[20, 16], [16], [16, 5], [5]];
const CNN_SHAPES = [[3, 3, 3, 6], [6], [3, 3, 6, 8], [8], [1, 1, 8, 8], [8], [8, 4], [4]];

function params(rng: Rng, shapes: number[][]): Float32Array[] {
  return shapes.map((s) => randomValues(rng, s.reduce((a, b) => a * b)).map((v) => v * 0.3));
}

function oneHot(rng: Rng, n: number, k: number): Float32Array {
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) out[i * k + rng.int(k)] = 1;
  return out;
}

describe('applyWasmPatches', () => {
  beforeAll(setupBackends);

  it('is idempotent and reports every kernel it replaced or added', () => {
    const first = applyWasmPatches();
    const second = applyWasmPatches();
    expect(first.tfjsVersion).toBe('4.22.0');
    expect(first.skipped).toEqual([]);
    expect(second.kernels).toEqual(WASM_KERNEL_PATCHES.map((p) => p.kernelName));
    for (const patch of WASM_KERNEL_PATCHES) {
      const fn = tf.getKernel(patch.kernelName, 'wasm')?.kernelFunc as MarkedKernelFunc;
      expect(fn[PATCH_MARK]?.kernelName).toBe(patch.kernelName);
      // Wrapped once: the original it calls is the stock kernel, never another patch.
      expect((fn[PATCH_MARK]?.original as MarkedKernelFunc | undefined)?.[PATCH_MARK]).toBeUndefined();
    }
  });

  it('puts the stock kernels back with removeWasmPatches, and re-applies', async () => {
    removeWasmPatches();
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeUndefined();
    const stockMatMul = tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc as MarkedKernelFunc;
    expect(stockMatMul[PATCH_MARK]).toBeUndefined();
    await tf.setBackend('wasm');
    // The stock wasm backend cannot train a CNN: the gap the patches fill.
    expect(() => tf.grad((f: tf.Tensor) => tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, f as tf.Tensor4D, 1, 'same').sum())(tf.ones([3, 3, 1, 1]))).toThrow(
      /Conv2DBackpropFilter/,
    );
    applyWasmPatches();
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
  });

  it('gives the whole gradient of an MLP as the cpu backend does', async () => {
    const rng = new Rng(43);
    const ps = params(rng, MLP_SHAPES);
    const xs = randomValues(rng, 9 * 20);
    const ys = oneHot(rng, 9, 5);
    const err = await wasmVsCpu(() => {
      const vars = ps.map((p, i) => tf.tensor(p, MLP_SHAPES[i]));
      const g = tf.grads((...w: tf.Tensor[]) => mlpLoss(tf.tensor2d(xs, [9, 20]), tf.tensor2d(ys, [9, 5]), w));
      return g(vars);
    });
    expect(err).toBeLessThan(1e-4);
  });

  it('gives the whole gradient of a CNN as the cpu backend does', async () => {
    const rng = new Rng(47);
    const ps = params(rng, CNN_SHAPES);
    const xs = randomValues(rng, 3 * 11 * 11 * 3);
    const ys = oneHot(rng, 3, 4);
    const err = await wasmVsCpu(() => {
      const vars = ps.map((p, i) => tf.tensor(p, CNN_SHAPES[i]));
      const g = tf.grads((...w: tf.Tensor[]) => cnnLoss(tf.tensor4d(xs, [3, 11, 11, 3]), tf.tensor2d(ys, [3, 4]), w));
      return g(vars);
    });
    expect(err).toBeLessThan(1e-4);
  });

  it.each(['wasm', 'cpu'] as const)('keeps tensors and buffers flat over repeated CNN and MLP training steps on %s', async (backend) => {
    await tf.setBackend(backend);
    const rng = new Rng(53);
    const cnn = params(rng, CNN_SHAPES).map((p, i) => tf.variable(tf.tensor(p, CNN_SHAPES[i])));
    const mlp = params(rng, MLP_SHAPES).map((p, i) => tf.variable(tf.tensor(p, MLP_SHAPES[i])));
    const x4 = tf.tensor4d(randomValues(rng, 2 * 9 * 9 * 3), [2, 9, 9, 3]);
    const x2 = tf.tensor2d(randomValues(rng, 4 * 20), [4, 20]);
    const y4 = tf.tensor2d(oneHot(rng, 2, 4), [2, 4]);
    const y5 = tf.tensor2d(oneHot(rng, 4, 5), [4, 5]);
    const opt = tf.train.sgd(0.01);
    const step = () => {
      opt.minimize(() => cnnLoss(x4, y4, cnn), false, cnn);
      opt.minimize(() => mlpLoss(x2, y5, mlp), false, mlp);
    };
    step();
    const tensors = tf.memory().numTensors;
    const buffers = wasmDataBuffers();
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(wasmDataBuffers()).toBe(buffers);
    tf.dispose([...cnn, ...mlp, x4, x2, y4, y5]);
    opt.dispose();
  });
});
