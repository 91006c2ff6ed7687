// The two models of the backend benchmark, over raw variables (no tf.layers: +25% training, 1.8x evaluation
// on wasm in the prototype study). Shapes follow Avalanche's SimpleMLP and SimpleCNN; PyTorch twins are in
// bench_backend_torch.py.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../src/rng.js';

export interface BenchModel {
  readonly name: string;
  /** Input shape of one sample (NHWC for images). */
  readonly sampleShape: readonly number[];
  readonly classes: number;
  readonly variables: tf.Variable[];
  /** Logits; dropout is applied only when `training`. */
  forward(x: tf.Tensor, training: boolean): tf.Tensor2D;
  /** Multiply-adds of one forward pass of one sample. */
  readonly forwardMacs: number;
  /** Multiply-adds of one training step of one sample: forward, dW of every layer, dX of every layer but the first. */
  readonly trainMacs: number;
  dispose(): void;
}

/** Kaiming-uniform-like init from the seeded Rng (the figures do not depend on it, determinism does). */
function init<R extends tf.Rank>(rng: Rng, shape: number[], fanIn: number): tf.Variable<R> {
  const size = shape.reduce((a, b) => a * b, 1);
  const bound = 1 / Math.sqrt(fanIn);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (rng.next() * 2 - 1) * bound;
  return tf.variable(tf.tensor(values, shape)) as unknown as tf.Variable<R>;
}

/**
 * SimpleMLP: Linear(784, 512), ReLU, Dropout(0.5), Linear(512, 10). Each layer is one fused matMul + bias
 * (+ ReLU), as `Linear` in @avalanche-ts/models computes it.
 */
export function simpleMlp(rng: Rng, inputSize = 784, hidden = 512, classes = 10): BenchModel {
  const w1 = init<tf.Rank.R2>(rng, [inputSize, hidden], inputSize);
  const b1 = init<tf.Rank.R1>(rng, [hidden], inputSize);
  const w2 = init<tf.Rank.R2>(rng, [hidden, classes], hidden);
  const b2 = init<tf.Rank.R1>(rng, [classes], hidden);
  const macs1 = inputSize * hidden;
  const macs2 = hidden * classes;
  return {
    name: 'SimpleMLP',
    sampleShape: [inputSize],
    classes,
    variables: [w1, b1, w2, b2],
    forward(x, training) {
      let h = tf.fused.matMul({ a: x as tf.Tensor2D, b: w1, bias: b1, activation: 'relu' }) as tf.Tensor2D;
      if (training) h = tf.dropout(h, 0.5, undefined, rng.nextSeed()) as tf.Tensor2D;
      return tf.fused.matMul({ a: h, b: w2, bias: b2 }) as tf.Tensor2D;
    },
    forwardMacs: macs1 + macs2,
    trainMacs: 2 * macs1 + 3 * macs2,
    dispose: () => tf.dispose([w1, b1, w2, b2]),
  };
}

interface ConvSpec {
  readonly k: number;
  readonly cin: number;
  readonly cout: number;
  readonly pad: 'same' | 'valid';
}

/**
 * SimpleCNN on 32x32x3: Conv(3→32, k3, p1), ReLU, Conv(32→32, k3, p0), ReLU, MaxPool(2), Dropout(0.25),
 * Conv(32→64, k3, p1), ReLU, Conv(64→64, k3, p0), ReLU, MaxPool(2), Dropout(0.25), Conv(64→64, k1), ReLU,
 * AdaptiveMaxPool(1), Dropout(0.25), Linear(64, 10). Spatial sizes 32→32→30→15→15→13→6→6→1.
 */
export function simpleCnn(rng: Rng, size = 32, classes = 10): BenchModel {
  const specs: ConvSpec[] = [
    { k: 3, cin: 3, cout: 32, pad: 'same' },
    { k: 3, cin: 32, cout: 32, pad: 'valid' },
    { k: 3, cin: 32, cout: 64, pad: 'same' },
    { k: 3, cin: 64, cout: 64, pad: 'valid' },
    { k: 1, cin: 64, cout: 64, pad: 'valid' },
  ];
  const kernels = specs.map((s) => init<tf.Rank.R4>(rng, [s.k, s.k, s.cin, s.cout], s.k * s.k * s.cin));
  const biases = specs.map((s) => init<tf.Rank.R1>(rng, [s.cout], s.k * s.k * s.cin));
  const w = init<tf.Rank.R2>(rng, [64, classes], 64);
  const b = init<tf.Rank.R1>(rng, [classes], 64);
  // Output side of each conv, for the multiply-add count.
  const sides: number[] = [];
  let side = size;
  specs.forEach((s, i) => {
    if (s.pad === 'valid') side = side - s.k + 1;
    sides.push(side);
    if (i === 1 || i === 3) side = Math.floor(side / 2);
  });
  const convMacs = specs.map((s, i) => sides[i] * sides[i] * s.k * s.k * s.cin * s.cout);
  const forwardMacs = convMacs.reduce((a, c) => a + c, 0) + 64 * classes;
  const conv = (x: tf.Tensor4D, i: number) =>
    tf.fused.conv2d({ x, filter: kernels[i], strides: 1, pad: specs[i].pad, bias: biases[i], activation: 'relu' });
  return {
    name: 'SimpleCNN',
    sampleShape: [size, size, 3],
    classes,
    variables: [...kernels, ...biases, w, b],
    forward(x, training) {
      const drop = <T extends tf.Tensor>(t: T): T => (training ? (tf.dropout(t, 0.25, undefined, rng.nextSeed()) as T) : t);
      let h = conv(conv(x as tf.Tensor4D, 0), 1);
      h = drop(tf.maxPool(h, 2, 2, 'valid'));
      h = conv(conv(h, 2), 3);
      h = drop(tf.maxPool(h, 2, 2, 'valid'));
      h = conv(h, 4);
      const pooled = drop(tf.max(h, [1, 2]) as tf.Tensor2D);
      return tf.add(tf.matMul(pooled, w), b) as tf.Tensor2D;
    },
    forwardMacs,
    trainMacs: 3 * forwardMacs - convMacs[0],
    dispose: () => tf.dispose([...kernels, ...biases, w, b]),
  };
}
