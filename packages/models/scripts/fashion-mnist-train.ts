// Trains SimpleMLP (Avalanche defaults: 784 -> 512, dropout 0.5 -> 10) and a small SimpleCNN-style LeNet5 on real
// Fashion-MNIST (the Debian dataset-fashion-mnist package), reporting test accuracy and time per epoch on the
// wasm backend. Run: npx tsx scripts/fashion-mnist-train.ts [nTrain=20000] [epochs=2]
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@avalanche-ts/core';
import { BaseModel, LeNet5, SimpleMLP } from '@avalanche-ts/models';

const DIR = '/usr/share/datasets/fashion-mnist';
function idx(file: string): Uint8Array {
  const raw = gunzipSync(readFileSync(`${DIR}/${file}`));
  const dims = raw[3];
  return raw.subarray(4 + 4 * dims);
}
const nTrain = Number(process.argv[2] ?? 20000);
const epochs = Number(process.argv[3] ?? 2);
const trainX = idx('train-images-idx3-ubyte.gz').subarray(0, nTrain * 784);
const trainY = idx('train-labels-idx1-ubyte.gz').subarray(0, nTrain);
const testX = idx('t10k-images-idx3-ubyte.gz');
const testY = idx('t10k-labels-idx1-ubyte.gz');

function images(bytes: Uint8Array, indices: ArrayLike<number>, pad: boolean): tf.Tensor4D {
  const side = pad ? 32 : 28;
  const out = new Float32Array(indices.length * side * side);
  for (let k = 0; k < indices.length; k++) {
    const src = indices[k] * 784;
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) {
      out[k * side * side + (r + (pad ? 2 : 0)) * side + c + (pad ? 2 : 0)] = bytes[src + r * 28 + c] / 255;
    }
  }
  return tf.tensor4d(out, [indices.length, side, side, 1]);
}

async function run(name: string, model: BaseModel, pad: boolean, lr: number): Promise<void> {
  const rng = new Rng(0);
  const optimizer = tf.train.momentum(lr, 0.9);
  const params = model.namedParameters().map(([, v]) => v);
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.setTraining(true);
    const order = rng.permutation(nTrain);
    const t0 = performance.now();
    let lossSum = 0;
    let batches = 0;
    for (let i = 0; i < nTrain; i += 128) {
      const ids = order.subarray(i, Math.min(nTrain, i + 128));
      const x = images(trainX, ids, pad);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(ids, (j) => trainY[j]), 'int32'), 10));
      const seed = rng.nextSeed();
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.forward(x, { seed })) as tf.Scalar, true, params)!;
      lossSum += loss.dataSync()[0];
      batches++;
      tf.dispose([x, y, loss]);
    }
    const seconds = (performance.now() - t0) / 1000;
    model.setTraining(false);
    let correct = 0;
    for (let i = 0; i < testY.length; i += 1000) {
      const ids = Int32Array.from({ length: Math.min(1000, testY.length - i) }, (_, k) => i + k);
      const x = images(testX, ids, pad);
      const pred = tf.tidy(() => model.forward(x).argMax(1).dataSync());
      ids.forEach((j, k) => (correct += pred[k] === testY[j] ? 1 : 0));
      x.dispose();
    }
    console.log(`${name} epoch ${epoch + 1}: train loss ${(lossSum / batches).toFixed(3)}, ${seconds.toFixed(1)} s, test accuracy ${(100 * correct / testY.length).toFixed(2)}%, tensors ${tf.memory().numTensors}`);
  }
  optimizer.dispose();
  model.dispose();
}

const report = await initBackend({ backend: 'wasm' });
console.log(`backend ${report.active}; patched kernels: ${report.wasm?.kernels.join(', ') || 'none'}; ${nTrain} training images, ${epochs} epochs`);
await run('SimpleMLP', new SimpleMLP({ seed: 0 }), false, 0.01);
await run('LeNet5', new LeNet5({ nClasses: 10, inputChannels: 1, seed: 0 }), true, 0.01);
