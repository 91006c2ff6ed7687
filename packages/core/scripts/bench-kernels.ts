// Stock vs patched wasm kernels on SimpleMLP/SimpleCNN shapes: the best of several interleaved runs of each
// (best-of, because the machine is shared; interleaved, so both see the same load).
//
//   npx tsx scripts/bench-kernels.ts [--batch 32]
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/init-backend.js';
import { applyWasmPatches, removeWasmPatches } from '../src/backend/wasm-patches.js';
import { formatTable } from './bench-stats.js';

const i = process.argv.indexOf('--batch');
const n = i >= 0 ? Number(process.argv[i + 1]) : 32;
await initBackend({ backend: 'wasm' });

type Case = { name: string; run: () => tf.Tensor };
const conv = (x: number[], f: number[], pad: 'same' | 'valid') => {
  const xs = tf.randomNormal(x);
  const fs = tf.randomNormal(f);
  const out = tf.backend_util.computeConv2DInfo(x as [number, number, number, number], f as [number, number, number, number], 1, 1, pad).outShape;
  const dy = tf.randomNormal(out);
  const attrs = { strides: 1, pad, dataFormat: 'NHWC' };
  return [
    { name: `Conv2DBackpropInput ${x.join('x')} k${f[0]} ${f[2]}->${f[3]}`, run: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: fs }, { ...attrs, inputShape: x }) as tf.Tensor },
    { name: `Conv2DBackpropFilter ${x.join('x')} k${f[0]} ${f[2]}->${f[3]}`, run: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: xs, dy }, { ...attrs, filterShape: f }) as tf.Tensor },
    { name: `Conv2D (forward, reference) ${x.join('x')} k${f[0]} ${f[2]}->${f[3]}`, run: () => tf.conv2d(xs as tf.Tensor4D, fs as tf.Tensor4D, 1, pad) },
  ];
};
const x = tf.randomNormal([4 * n, 784]);
const dy = tf.randomNormal([4 * n, 512]);
const w = tf.randomNormal([784, 512]);
const pooled = tf.randomNormal([n, 30, 30, 32]);
const cases: Case[] = [
  { name: `matMul dW = xᵀ·dy (${4 * n}x784, ${4 * n}x512)`, run: () => tf.matMul(x, dy, true, false) },
  { name: `matMul dx = dy·Wᵀ (${4 * n}x512, 784x512)`, run: () => tf.matMul(dy, w, false, true) },
  ...conv([n, 30, 30, 32], [3, 3, 32, 32], 'valid'),
  ...conv([n, 15, 15, 32], [3, 3, 32, 64], 'same'),
  { name: `MaxPoolGrad ${n}x30x30x32 2x2`, run: () => tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'))(pooled) },
];

function best(fn: () => tf.Tensor, reps: number): number {
  let t = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const out = fn();
    out.dataSync();
    t = Math.min(t, performance.now() - t0);
    out.dispose();
  }
  return t;
}

const rows: string[][] = [];
for (const c of cases) {
  let stock = Infinity;
  let patched = Infinity;
  for (let round = 0; round < 3; round++) {
    removeWasmPatches();
    try {
      stock = Math.min(stock, best(c.run, 3));
    } catch {
      stock = NaN; // the stock backend lacks the kernel
    }
    applyWasmPatches();
    patched = Math.min(patched, best(c.run, 3));
  }
  rows.push([c.name, Number.isNaN(stock) ? 'missing' : stock.toFixed(1), patched.toFixed(1), Number.isNaN(stock) ? '' : `${(stock / patched).toFixed(1)}x`]);
}
console.log(formatTable(['kernel (batch ' + n + ')', 'stock ms', 'patched ms', 'speed-up'], rows));
