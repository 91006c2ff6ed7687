import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { InMemoryDataset, TinyModel } from '@avalanche-ts/core/testing';
import { MasRegularizer } from './mas-regularizer.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

function dataset(n: number): InMemoryDataset {
  return new InMemoryDataset(Float32Array.from({ length: n * 3 }, (_, i) => Math.cos(i)), [3], new Int32Array(n), new Int32Array(n));
}

/** |∂ mean‖f(x)‖² / ∂θ| on the whole dataset (one minibatch). */
function manualImportance(model: TinyModel, data: InMemoryDataset): Record<string, Float32Array> {
  const batch = data.getBatch(Int32Array.from({ length: data.length }, (_, i) => i));
  const params = model.namedParameters();
  const { value, grads } = tf.variableGrads(() => tf.mean(tf.sum(tf.square(model.forward(batch.x)), 1)) as tf.Scalar, params.map(([, v]) => v));
  value.dispose();
  const out: Record<string, Float32Array> = {};
  for (const [name, v] of params) out[name] = tf.abs(grads[v.name]).dataSync() as Float32Array;
  for (const g of Object.values(grads)) g.dispose();
  for (const t of [batch.x, batch.y, batch.taskLabels]) t.dispose();
  return out;
}

describe('MasRegularizer', () => {
  it('accumulates Ω = α·Ω_old + (1−α)·|∇ mean‖f‖²| and penalises λ·Σ Ω (θ − θ*)²', () => {
    const model = new TinyModel({ inputSize: 3, nClasses: 2, seed: 6 });
    const data = dataset(5);
    const reg = new MasRegularizer({ lambdaReg: 2, alpha: 0.25 });
    expect(reg.penalty(model)).toBeUndefined();
    const first = manualImportance(model, data);
    reg.consolidate(model, data, 5);
    let got = reg.importances!['fc1.weight'].dataSync();
    first['fc1.weight'].forEach((v, i) => expect(got[i]).toBeCloseTo(0.75 * v, 6));
    for (const [, v] of model.namedParameters()) v.assign(tf.mul(v, 1.1));
    const second = manualImportance(model, data);
    reg.consolidate(model, data, 5);
    got = reg.importances!['fc1.weight'].dataSync();
    second['fc1.weight'].forEach((v, i) => expect(got[i]).toBeCloseTo(0.25 * 0.75 * first['fc1.weight'][i] + 0.75 * v, 5));
    for (const [, v] of model.namedParameters()) v.assign(tf.add(v, 0.2));
    const sumOmega = Object.values(reg.importances!).reduce((a, t) => a + tf.sum(t).dataSync()[0], 0);
    const p = reg.penalty(model)!;
    expect(p.dataSync()[0]).toBeCloseTo(2 * 0.04 * sumOmega, 4);
    p.dispose();
    reg.dispose();
    model.dispose();
  });
});
