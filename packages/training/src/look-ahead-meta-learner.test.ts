import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend, type StrategyContext } from '@avalanche-ts/core';
import { SimpleCNN, SimpleMLP } from '@avalanche-ts/models';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { LookAheadMetaLearner, disposeMetaStep, type SeededBatch } from './look-ahead-meta-learner.js';
import { secondOrderCrossEntropyLoss } from './second-order-cross-entropy.js';
import type { Criterion } from './strategy-options.js';

const context = {} as StrategyContext;

function batch(rng: Rng, n: number, seed: number): SeededBatch {
  const x = tf.tensor2d(Array.from({ length: n * 6 }, () => rng.normal()), [n, 6]);
  const y = tf.tensor1d(Array.from({ length: n }, () => rng.int(3)), 'int32');
  return { batch: { x, y, taskLabels: tf.zeros([n], 'int32') as tf.Tensor1D }, seed };
}

/** ⟨meta-gradient, direction⟩ against the central difference of L_meta along the direction, for θ₀ and α. */
function check(secondOrder: boolean, criterion: Criterion = secondOrderCrossEntropyLoss) {
  const rng = new Rng(4);
  const model = new SimpleMLP({ inputSize: 6, hiddenSize: 7, numClasses: 3, dropRate: 0, seed: 2 });
  const learner = new LookAheadMetaLearner({ nInnerUpdates: 3, secondOrder, gradClipNorm: 100, alphaInit: 0.3 });
  const params = model.namedParameters();
  const chunks = [batch(rng, 2, 1), batch(rng, 2, 2), batch(rng, 2, 3)];
  const meta = batch(rng, 5, 4);
  const step = learner.metaGradients(model, params, criterion, context, chunks, meta);
  const dirs = params.map(([, v]) => tf.tensor(Array.from({ length: v.size }, () => rng.normal()), v.shape));
  const loss = () => {
    const s = learner.metaGradients(model, params, criterion, context, chunks, meta);
    const value = s.loss.dataSync()[0];
    disposeMetaStep(s);
    return value;
  };
  const alphas = params.map(([name]) => learner.learningRates.get(name)!);
  const along = (targets: tf.Variable[], eps: number) => {
    const start = targets.map((t) => t.clone());
    tf.tidy(() => targets.forEach((t, i) => t.assign(tf.add(start[i], tf.mul(dirs[i], eps)))));
    const plus = loss();
    tf.tidy(() => targets.forEach((t, i) => t.assign(tf.sub(start[i], tf.mul(dirs[i], eps)))));
    const minus = loss();
    targets.forEach((t, i) => t.assign(start[i]));
    tf.dispose(start);
    return (plus - minus) / (2 * eps);
  };
  const dot = (gs: tf.Tensor[]) => tf.tidy(() => gs.reduce((acc, g, i) => acc + tf.sum(tf.mul(g, dirs[i])).dataSync()[0], 0));
  const result = {
    theta: { analytic: dot(step.paramGrads), numeric: along(params.map(([, v]) => v), 3e-3) },
    alpha: { analytic: dot(step.alphaGrads), numeric: along(alphas, 3e-3) },
  };
  disposeMetaStep(step);
  tf.dispose(dirs);
  for (const c of [...chunks, meta]) tf.dispose([c.batch.x, c.batch.y, c.batch.taskLabels]);
  learner.dispose();
  model.dispose();
  return result;
}

const relErr = (r: { analytic: number; numeric: number }) => Math.abs(r.analytic - r.numeric) / Math.abs(r.numeric);

describe.each(['cpu', 'wasm'] as const)('LookAheadMetaLearner meta-gradients on the %s backend', (backend) => {
  beforeAll(async () => {
    await initBackend({ backend });
  });

  it('match finite differences of the meta-loss in θ₀ and α (second order, MLP with ReLU)', () => {
    const r = check(true);
    expect(relErr(r.theta)).toBeLessThan(0.005);
    expect(relErr(r.alpha)).toBeLessThan(0.005);
  });

  it('first-order mode drops the Hessian terms, and tf.logSoftmax loses the softmax curvature', () => {
    // The same meta-objective, so finite differences no longer match: first order by design (Avalanche's
    // second_order=False), logSoftmax because TF.js drops second derivatives through ops that save their output.
    const firstOrder = check(false);
    expect(relErr(firstOrder.theta)).toBeGreaterThan(0.1);
    const logSoftmax = check(true, crossEntropyLoss);
    expect(relErr(logSoftmax.theta)).toBeGreaterThan(0.1);
  });

  it('frees every tensor it creates', () => {
    const before = tf.memory().numTensors;
    check(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('LookAheadMetaLearner learning rates', () => {
  it('grow with a parameter along one dimension, keeping the learned values', async () => {
    await initBackend({ backend: 'cpu' });
    const learner = new LookAheadMetaLearner({ alphaInit: 0.1 });
    const small = new SimpleMLP({ inputSize: 4, hiddenSize: 3, numClasses: 2, seed: 1 });
    const large = new SimpleMLP({ inputSize: 4, hiddenSize: 3, numClasses: 5, seed: 1 });
    learner.syncLearningRates(small);
    learner.learningRates.get('classifier.bias')!.assign(tf.tensor1d([0.5, 0.7]));
    learner.syncLearningRates(large);
    expect(Array.from(learner.learningRates.get('classifier.bias')!.dataSync())).toEqual([0.5, 0.7, 0.1, 0.1, 0.1].map(Math.fround));
    expect(learner.learningRates.get('classifier.weight')!.shape).toEqual([3, 5]);
    const fresh = new LookAheadMetaLearner();
    const state = learner.stateDict();
    fresh.loadStateDict(state);
    tf.dispose(state.alphas as tf.Tensor[]);
    expect(Array.from(fresh.learningRates.get('classifier.bias')!.dataSync())).toEqual(Array.from(learner.learningRates.get('classifier.bias')!.dataSync()));
    for (const x of [learner, fresh, small, large]) x.dispose();
  });
});

describe('LookAheadMetaLearner on a CNN', () => {
  it('reports the TF.js kernel that has no second-order gradient, and works first-order', async () => {
    await initBackend({ backend: 'wasm' });
    const model = new SimpleCNN({ numClasses: 3, inputSize: 10 });
    const x = tf.randomNormal([2, 10, 10, 3], 0, 1, 'float32', 1);
    const b: SeededBatch = { batch: { x, y: tf.tensor1d([0, 1], 'int32'), taskLabels: tf.tensor1d([0, 0], 'int32') }, seed: 1 };
    const second = new LookAheadMetaLearner({ nInnerUpdates: 1 });
    expect(() => second.metaGradients(model, model.namedParameters(), secondOrderCrossEntropyLoss, context, [b], b)).toThrow(/"MaxPoolGrad".*secondOrder: false/);
    const first = new LookAheadMetaLearner({ nInnerUpdates: 1, secondOrder: false });
    first.syncLearningRates(model);
    // TF.js keeps the tensors it saved for the failed backward pass; the first-order path itself frees everything.
    const before = tf.memory().numTensors;
    disposeMetaStep(first.metaGradients(model, model.namedParameters(), secondOrderCrossEntropyLoss, context, [b], b));
    expect(tf.memory().numTensors).toBe(before);
    for (const d of [second, first, model]) d.dispose();
    tf.dispose([b.batch.x, b.batch.y, b.batch.taskLabels]);
  });
});
