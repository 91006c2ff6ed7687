// Writes, for several models, their state dict in PyTorch layout, an input batch (NCHW) and the eval-mode output
// to a JSON file; scripts/torch-parity.py loads the state into the PyTorch twins with strict=True (same names,
// same shapes) and compares outputs. Run: npx tsx scripts/torch-parity.ts /tmp/parity && /usr/bin/python3 scripts/torch-parity.py /tmp/parity
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { BaseModel, IcarlNet, LeNet5, MTSimpleCNN, MTSimpleMLP, MTSlimResNet18, MlpVAE, MobileNetV1, SimpleCNN, SimpleMLP, SlimResNet18 } from '@avalanche-ts/models';

const out = process.argv[2] ?? '/tmp/parity';
await initBackend({ backend: 'cpu' });
await mkdir(out, { recursive: true });

const cases: Array<[string, BaseModel, number[], string]> = [
  ['SimpleMLP', new SimpleMLP({ seed: 1, hiddenLayers: 2, hiddenSize: 64 }), [3, 28, 28, 1], 'SimpleMLP(10, hidden_size=64, hidden_layers=2)'],
  ['SimpleCNN', new SimpleCNN({ seed: 1 }), [2, 32, 32, 3], 'SimpleCNN(10)'],
  ['SlimResNet18', new SlimResNet18({ nclasses: 10, seed: 1 }), [2, 32, 32, 3], 'SlimResNet18(10)'],
  ['LeNet5', new LeNet5({ nClasses: 10, inputChannels: 1, seed: 1 }), [2, 32, 32, 1], 'LeNet5(10, 1)'],
  ['IcarlNet', new IcarlNet({ numClasses: 10, n: 2, seed: 1 }), [2, 32, 32, 3], 'IcarlNet(10, n=2)'],
  ['MobileNetV1', new MobileNetV1({ widthScale: 0.25, inputSize: 64, seed: 1 }), [2, 64, 64, 3], 'MobileNetV1(50, width_scale=0.25)'],
  ['MlpVAE', new MlpVAE({ shape: [28, 28, 1], seed: 1 }), [3, 28, 28, 1], 'MlpVAE((1, 28, 28))'],
];

// Multi-task models: names and shapes only (strict load), as the twins have no task routing.
const namesOnly: Array<[string, BaseModel, string]> = [
  ['MTSimpleMLP', new MTSimpleMLP({ seed: 1 }), 'MTSimpleMLP()'],
  ['MTSimpleCNN', new MTSimpleCNN({ seed: 1 }), 'MTSimpleCNN()'],
  ['MTSlimResNet18', new MTSlimResNet18({ nclasses: 10, seed: 1 }), 'SlimResNet18(10, mt=True)'],
];

/** TensorFlow.js layout to PyTorch layout: Linear [in, out] -> [out, in]; Conv [k, k, in, out] -> [out, in, k, k]. */
function toTorch(name: string, t: tf.Tensor): { shape: number[]; data: number[] } {
  let v = t;
  if (t.rank === 2 && name.endsWith('weight')) v = t.transpose();
  if (t.rank === 4) v = name.includes('dw_conv') ? t.transpose([2, 3, 0, 1]) : t.transpose([3, 2, 0, 1]);
  const result = { shape: v.shape, data: Array.from(v.dataSync()) };
  if (v !== t) v.dispose();
  return result;
}

for (const [name, model, shape, ctor] of cases) {
  // Non-trivial batch-norm statistics, so eval mode is checked too.
  model.setTraining(true);
  const warm = tf.randomUniform(shape, 0, 1, 'float32', 11);
  model.forward(warm, { seed: 1 }).dispose();
  warm.dispose();
  model.setTraining(false);
  const x = tf.randomUniform(shape, 0, 1, 'float32', 5);
  const y = model.forward(x);
  const state = Object.fromEntries(Object.entries(model.stateDict()).map(([n, t]) => [n, toTorch(n, t)]));
  const xNchw = x.rank === 4 ? x.transpose([0, 3, 1, 2]) : x;
  await writeFile(join(out, `${name}.json`), JSON.stringify({ ctor, state, input: { shape: xNchw.shape, data: Array.from(xNchw.dataSync()) }, output: Array.from(y.dataSync()) }));
  tf.dispose([x, y, xNchw]);
  model.dispose();
  console.log(`wrote ${name}`);
}

for (const [name, model, ctor] of namesOnly) {
  const state = Object.fromEntries(Object.entries(model.stateDict()).map(([n, t]) => [n, toTorch(n, t)]));
  await writeFile(join(out, `${name}.json`), JSON.stringify({ ctor, state, input: null, output: null }));
  model.dispose();
  console.log(`wrote ${name} (names only)`);
}
