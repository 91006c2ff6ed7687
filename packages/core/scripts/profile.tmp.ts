import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/init-backend.js';
import { Rng } from '../src/rng.js';
import { simpleCnn, simpleMlp } from './bench-models.js';
await initBackend({ backend: 'wasm' });
for (const [kind, batch] of [['mlp', 32], ['cnn', 128]] as const) {
  const rng = new Rng(1);
  const model = kind === 'mlp' ? simpleMlp(rng) : simpleCnn(rng);
  const x = tf.randomUniform([batch, ...model.sampleShape]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10).toFloat();
  const opt = tf.train.sgd(0.01);
  const step = () => opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.forward(x, true)) as tf.Scalar, true, model.variables);
  for (let i = 0; i < 2; i++) step()?.dispose();
  const totals = new Map<string, number>();
  const orig = new Map<string, tf.KernelFunc>();
  for (const k of tf.getKernelsForBackend('wasm')) {
    const f = k.kernelFunc; orig.set(k.kernelName, f);
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel({ ...k, kernelFunc: (a) => { const t0 = performance.now(); const r = f(a); totals.set(k.kernelName, (totals.get(k.kernelName) ?? 0) + performance.now() - t0); return r; } });
  }
  const t0 = performance.now();
  const n = kind === 'mlp' ? 10 : 2;
  for (let i = 0; i < n; i++) step()?.dispose();
  const total = performance.now() - t0;
  console.log(kind, batch, 'ms/step', (total / n).toFixed(1));
  console.log([...totals].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k}=${(v / n).toFixed(2)}`).join(' '));
  for (const k of tf.getKernelsForBackend('wasm')) { tf.unregisterKernel(k.kernelName, 'wasm'); tf.registerKernel({ ...k, kernelFunc: orig.get(k.kernelName)! }); }
}
