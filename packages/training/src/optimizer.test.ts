import * as tf from '@tensorflow/tfjs';
import { ValidationError, initBackend } from '@avalanche-ts/core';
import { expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { adam } from './adam.js';
import type { Optimizer } from './optimizer.js';
import { sgd } from './sgd.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

// Expected weights after 5 steps of torch.optim (torch 1.13) on loss = ½ Σ scale·(w − target)²:
// `/usr/bin/python3 scripts/optimizer-reference.py` prints them.
const TORCH = {
  sgd: [0.7047551, -0.32768, 1.5475619, -0.4453683, 0.2899125, 1.45099],
  sgdMomentumWd: [1.008142, 0.5839561, 0.813903, -1.4431628, 1.4706051, 1.3527296],
  sgdNesterov: [1.0522909, 0.4157175, 0.6318847, -1.4119461, 0.9348152, 1.3384408],
  sgdDampening: [0.7596321, -0.1395681, 1.4309745, -0.6369662, 0.5777367, 1.4388499],
  adam: [0.7460182, -0.7514779, 1.7506338, 0.0011123, -0.5011123, 1.251478],
  adamWd: [0.741255, -0.7526634, 1.7512048, 0.0021727, -0.5020777, 1.2520475],
};

function runSteps(optimizer: Optimizer, steps = 5): number[] {
  const w = tf.variable(tf.tensor2d([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]]));
  const target = tf.tensor2d([[1.0, 0.0], [0.0, -1.0], [0.5, 0.5]]);
  const scale = tf.tensor2d([[1.0, 2.0], [0.5, 1.5], [3.0, 0.1]]);
  optimizer.setParameters([['w', w]]);
  for (let i = 0; i < steps; i++) {
    const grad = tf.tidy(() => tf.mul(tf.sub(w, target), scale));
    optimizer.step({ w: grad });
    grad.dispose();
  }
  const out = Array.from(w.dataSync());
  optimizer.dispose();
  tf.dispose([w, target, scale]);
  return out;
}

function expectClose(actual: number[], expected: number[]): void {
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
}

describe('optimizers match torch.optim', () => {
  it('SGD, momentum + weight decay, nesterov, dampening', () => {
    expectClose(runSteps(sgd({ lr: 0.1 })), TORCH.sgd);
    expectClose(runSteps(sgd({ lr: 0.1, momentum: 0.9, weightDecay: 0.01 })), TORCH.sgdMomentumWd);
    expectClose(runSteps(sgd({ lr: 0.1, momentum: 0.9, nesterov: true })), TORCH.sgdNesterov);
    expectClose(runSteps(sgd({ lr: 0.1, momentum: 0.5, dampening: 0.3 })), TORCH.sgdDampening);
  });

  it('Adam, with and without weight decay', () => {
    expectClose(runSteps(adam({ lr: 0.05 })), TORCH.adam);
    expectClose(runSteps(adam({ lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1 })), TORCH.adamWd);
  });

  it('validates options naming the field and value', () => {
    expect(() => sgd({ lr: -1 })).toThrow(ValidationError);
    expect(() => sgd({ lr: 0.1, nesterov: true })).toThrow(/sgdOptions\.nesterov/);
    expect(() => adam({ lr: 0.1, beta1: 1 })).toThrow(/adamOptions\.beta1.*got 1/);
  });
});

describe('Optimizer parameter registry', () => {
  it('keeps state of unchanged parameters and starts new ones fresh when the model grows', () => {
    const a = tf.variable(tf.ones([2]));
    const b = tf.variable(tf.ones([3]));
    const opt = adam({ lr: 0.1 });
    expect(opt.setParameters([['a', a]])).toBe(true);
    const g = tf.ones([2]);
    opt.step({ a: g });
    expect(opt.setParameters([['a', a]])).toBe(false);
    expect(opt.setParameters([['a', a], ['b', b]])).toBe(true);
    const gb = tf.ones([3]);
    opt.step({ a: g, b: gb });
    const state = opt.stateDict() as unknown as { params: Record<string, { step: number }> };
    expect(state.params.a.step).toBe(2);
    expect(state.params.b.step).toBe(1);
    // A replaced variable (a grown head) loses its state; resetState drops everything.
    const a2 = tf.variable(tf.ones([4]));
    opt.setParameters([['a', a2], ['b', b]]);
    expect((opt.stateDict() as unknown as { params: Record<string, { step: number }> }).params.a.step).toBe(0);
    opt.setParameters([['a', a2], ['b', b]], { resetState: true });
    expect((opt.stateDict() as unknown as { params: Record<string, { step: number }> }).params.b.step).toBe(0);
    expect(opt.parameterNames).toEqual(['a', 'b']);
    opt.dispose();
    tf.dispose([a, b, a2, g, gb]);
  });

  it('round-trips its state exactly and does not leak', async () => {
    const w = tf.variable(tf.tensor1d([1, 2, 3]));
    const opt = sgd({ lr: 0.05, momentum: 0.9 });
    opt.setParameters([['w', w]]);
    const g = tf.tensor1d([0.3, -0.2, 0.1]);
    await expectNoTensorLeak(() => {
      for (let i = 0; i < 3; i++) opt.step({ w: g });
    }, 2); // the momentum buffer and the cached −lr scalar are created on the first step
    const copy = sgd({ lr: 0.05, momentum: 0.9 });
    const w2 = tf.variable(w.clone());
    copy.setParameters([['w', w2]]);
    copy.loadStateDict(opt.stateDict());
    opt.step({ w: g });
    copy.step({ w: g });
    expect(Array.from(w2.dataSync())).toEqual(Array.from(w.dataSync()));
    expect(() => adam().loadStateDict(opt.stateDict())).toThrow(/optimizer state is for "AvalancheSGD"/);
    opt.dispose();
    copy.dispose();
    tf.dispose([w, w2, g]);
  });

  it('works as a tf.Optimizer through applyGradients', () => {
    const w = tf.variable(tf.scalar(1));
    const opt = sgd({ lr: 0.5 });
    opt.setParameters([['w', w]]);
    opt.minimize(() => tf.square(w) as tf.Scalar, false, [w]);
    expect(w.dataSync()[0]).toBeCloseTo(0);
    opt.dispose();
    w.dispose();
  });
});
