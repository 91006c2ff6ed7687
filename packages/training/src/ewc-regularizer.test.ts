import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { InMemoryDataset, TinyModel } from '@avalanche-ts/core/testing';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { EwcRegularizer } from './ewc-regularizer.js';
import { batchGradients } from './parameter-tensors.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

function dataset(n: number, seed: number): InMemoryDataset {
  const data = Float32Array.from({ length: n * 3 }, (_, i) => Math.sin(i * 1.7 + seed));
  return new InMemoryDataset(data, [3], Int32Array.from({ length: n }, (_, i) => i % 2), new Int32Array(n));
}

const loss = (output: tf.Tensor2D, batch: { y: tf.Tensor1D }) => crossEntropyLoss(output, batch.y);

/** Mean over minibatches of squared minibatch gradients, computed independently. */
function manualFisher(model: TinyModel, data: InMemoryDataset, batchSize: number): Record<string, Float32Array> {
  const sums: Record<string, Float32Array> = {};
  let batches = 0;
  for (let s = 0; s < data.length; s += batchSize) {
    const idx = Int32Array.from({ length: Math.min(batchSize, data.length - s) }, (_, i) => s + i);
    const batch = data.getBatch(idx);
    const grads = batchGradients(model, batch, loss);
    for (const [k, g] of Object.entries(grads)) {
      const sq = g.square().dataSync() as Float32Array;
      sums[k] ??= new Float32Array(sq.length);
      sq.forEach((v, i) => (sums[k][i] += v));
      g.dispose();
    }
    batch.x.dispose();
    batch.y.dispose();
    batch.taskLabels.dispose();
    batches++;
  }
  for (const k of Object.keys(sums)) sums[k] = sums[k].map((v) => v / batches);
  return sums;
}

describe('EwcRegularizer', () => {
  it('computes the empirical Fisher as the mean of squared minibatch gradients (in eval mode)', () => {
    const model = new TinyModel({ inputSize: 3, nClasses: 2, seed: 2 });
    const data = dataset(10, 0);
    const reg = new EwcRegularizer({ ewcLambda: 1 });
    reg.consolidate(model, data, 0, { batchSize: 4, loss });
    const expected = manualFisher(model, data, 4);
    for (const [k, f] of Object.entries(reg.importanceOf(0)!)) {
      const got = f.dataSync();
      expected[k].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
    }
    expect(model.training).toBe(true);
    reg.dispose();
    model.dispose();
  });

  it('penalises λ·Σ F (θ − θ*)² without a ½', () => {
    const model = new TinyModel({ inputSize: 3, nClasses: 2, seed: 2 });
    const reg = new EwcRegularizer({ ewcLambda: 3 });
    expect(reg.penalty(model)).toBeUndefined();
    reg.consolidate(model, dataset(8, 1), 0, { batchSize: 8, loss });
    const zero = reg.penalty(model)!;
    expect(zero.dataSync()[0]).toBeCloseTo(0, 8);
    zero.dispose();
    // Move every parameter by δ = 0.1: penalty = λ δ² Σ F.
    for (const [, v] of model.namedParameters()) v.assign(tf.add(v, 0.1));
    const sumF = Object.values(reg.importanceOf(0)!).reduce((a, f) => a + tf.sum(f).dataSync()[0], 0);
    const p = reg.penalty(model)!;
    expect(p.dataSync()[0]).toBeCloseTo(3 * 0.01 * sumF, 5);
    p.dispose();
    reg.dispose();
    model.dispose();
  });

  it('online mode decays the Fisher (F_t = γ F_{t-1} + F_new) and keeps only the last pair', () => {
    const model = new TinyModel({ inputSize: 3, nClasses: 2, seed: 4 });
    const reg = new EwcRegularizer({ ewcLambda: 1, mode: 'online', decayFactor: 0.5 });
    const d0 = dataset(6, 2);
    const d1 = dataset(6, 3);
    reg.consolidate(model, d0, 0, { batchSize: 6, loss });
    const f0 = manualFisher(model, d0, 6);
    reg.consolidate(model, d1, 1, { batchSize: 6, loss });
    const f1 = manualFisher(model, d1, 6);
    expect(reg.storedExperiences).toEqual([1]);
    const got = reg.importanceOf(1)!['fc2.weight'].dataSync();
    f1['fc2.weight'].forEach((v, i) => expect(got[i]).toBeCloseTo(0.5 * f0['fc2.weight'][i] + v, 6));
    reg.dispose();
    model.dispose();
  });

  it('zero-pads stored tensors when a parameter grows', () => {
    const model = new TinyModel({ inputSize: 3, nClasses: 2, seed: 2 });
    const reg = new EwcRegularizer({ ewcLambda: 1 });
    reg.consolidate(model, dataset(4, 0), 0, { batchSize: 4, loss });
    const state = reg.stateDict();
    const grown = new TinyModel({ inputSize: 3, nClasses: 3, seed: 2 });
    const p = reg.penalty(grown)!;
    expect(Number.isFinite(p.dataSync()[0])).toBe(true);
    p.dispose();
    for (const v of Object.values(state)) if (Array.isArray(v)) for (const r of v) for (const t of Object.values(r as Record<string, tf.Tensor>)) t.dispose();
    reg.dispose();
    model.dispose();
    grown.dispose();
  });
});
