// Measures (1) SimpleMLP training steps and evaluation over raw variables vs an equivalent tf.layers model on the
// wasm backend, and (2) the conv filter gradient of Conv2d (forward-conv formulation) vs tfjs's built-in one on
// the cpu backend. Prints medians of several runs. Run: npx tsx scripts/bench-train-step.ts
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { Conv2d, SimpleMLP } from '@avalanche-ts/models';
import { Rng } from '@avalanche-ts/core';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeIt(fn: () => void, runs: number, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

await initBackend({ backend: 'wasm' });
const x = tf.randomUniform([128, 784], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([128], 0, 10, 'int32', 2) as tf.Tensor1D, 10);
const xEval = tf.randomUniform([1000, 784], 0, 1, 'float32', 3);

const raw = new SimpleMLP({ seed: 0 });
const rawParams = raw.namedParameters().map(([, v]) => v);
const rawOpt = tf.train.sgd(0.01);
let seed = 0;
const rawStep = () => tf.tidy(() => { rawOpt.minimize(() => tf.losses.softmaxCrossEntropy(y, raw.forward(x, { seed: seed++ })) as tf.Scalar, false, rawParams); rawParams[0].dataSync(); });

const layers = tf.sequential({ layers: [
  tf.layers.dense({ inputShape: [784], units: 512, activation: 'relu' }),
  tf.layers.dropout({ rate: 0.5 }),
  tf.layers.dense({ units: 10 }),
] });
const layersOpt = tf.train.sgd(0.01);
const layersStep = () => tf.tidy(() => { layersOpt.minimize(() => tf.losses.softmaxCrossEntropy(y, layers.apply(x, { training: true }) as tf.Tensor) as tf.Scalar); layers.getWeights()[0].dataSync(); });

raw.setTraining(false);
const rawEval = () => tf.tidy(() => { raw.forward(xEval).dataSync(); });
const layersEval = () => tf.tidy(() => { (layers.predict(xEval, { batchSize: 1000 }) as tf.Tensor).dataSync(); });
raw.setTraining(true);

const rounds: Array<[number, number, number, number]> = [];
for (let r = 0; r < 5; r++) {
  raw.setTraining(true);
  // Alternate which goes first: the machine is shared and noisy.
  const b0 = r % 2 === 1 ? timeIt(layersStep, 15) : NaN;
  const a = timeIt(rawStep, 15);
  const b = r % 2 === 1 ? b0 : timeIt(layersStep, 15);
  raw.setTraining(false);
  const c = timeIt(rawEval, 10);
  const d = timeIt(layersEval, 10);
  rounds.push([a, b, c, d]);
}
const [a, b, c, d] = [0, 1, 2, 3].map((i) => median(rounds.map((row) => row[i])));
console.log(`wasm SimpleMLP train step (batch 128): raw variables ${a.toFixed(1)} ms, tf.layers ${b.toFixed(1)} ms (x${(b / a).toFixed(2)})`);
console.log(`wasm SimpleMLP eval (batch 1000):      raw variables ${c.toFixed(1)} ms, tf.layers ${d.toFixed(1)} ms (x${(d / c).toFixed(2)})`);

await initBackend({ backend: 'cpu' });
const conv = new Conv2d(32, 32, new Rng(0), { kernelSize: 3, padding: 1 });
const cx = tf.randomUniform([8, 16, 16, 32], 0, 1, 'float32', 4) as tf.Tensor4D;
const ours = () => tf.tidy(() => { const g = tf.grads((w: tf.Tensor) => tf.sum(tf.conv2d(cx, w as tf.Tensor4D, 1, 1)))([conv.weight]); g[0].dataSync(); });
const mine = () => tf.tidy(() => { const { grads } = tf.variableGrads(() => tf.sum(conv.call(cx)) as tf.Scalar, [conv.weight]); Object.values(grads)[0].dataSync(); });
const builtin = timeIt(ours, 3, 1);
const forwardConv = timeIt(mine, 3, 1);
console.log(`cpu conv3x3 32->32 on [8,16,16,32], weight gradient: tfjs Conv2DBackpropFilter ${builtin.toFixed(0)} ms, Conv2d (forward-conv formulation) ${forwardConv.toFixed(0)} ms (x${(builtin / forwardConv).toFixed(1)})`);
