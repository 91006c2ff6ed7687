import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { AgemProjector } from './agem-projector.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('AgemProjector', () => {
  it('samples sampleSize // nExperiences from each stored experience', () => {
    const exps = [...fakeScenario({ nExperiences: 2, samplesPerClass: 10 }).trainStream];
    const agem = new AgemProjector({ patternsPerExp: 8, sampleSize: 6 });
    const rng = new Rng(1);
    expect(agem.sampleMemory(rng)).toBeUndefined();
    agem.updateMemory(exps[0], rng);
    agem.updateMemory(exps[1], rng);
    const batch = agem.sampleMemory(rng)!;
    const y = Array.from(batch.y.dataSync());
    expect(y).toHaveLength(6);
    expect(y.slice(0, 3).every((c) => c < 2)).toBe(true);
    expect(y.slice(3).every((c) => c >= 2)).toBe(true);
    for (const t of [batch.x, batch.y, batch.taskLabels]) t.dispose();
  });

  it('projects g to g − (g·r/r·r) r only when g·r < 0', () => {
    const agem = new AgemProjector({ patternsPerExp: 1 });
    (agem as unknown as { reference: Record<string, tf.Tensor> }).reference = { a: tf.tensor1d([1, 0]), b: tf.tensor1d([1]) };
    const opposed = { a: tf.tensor1d([-3, 2]), b: tf.tensor1d([1]) };
    const out = agem.project(opposed)!;
    // g·r = −2, r·r = 2: g̃ = g + r.
    expect(Array.from(out.a.dataSync())).toEqual([-2, 2]);
    expect(Array.from(out.b.dataSync())).toEqual([2]);
    const agreeing = { a: tf.tensor1d([3, 2]), b: tf.tensor1d([1]) };
    expect(agem.project(agreeing)).toBeUndefined();
    for (const t of [...Object.values(out), ...Object.values(opposed), ...Object.values(agreeing)]) t.dispose();
    agem.dispose();
  });

  it('computes a reference gradient on the model without leaking', () => {
    const exps = [...fakeScenario({ nExperiences: 1 }).trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 2 });
    const agem = new AgemProjector({ patternsPerExp: 5, sampleSize: 4 });
    const rng = new Rng(0);
    agem.updateMemory(exps[0], rng);
    const before = tf.memory().numTensors;
    agem.computeReference(model, (o, b) => crossEntropyLoss(o, b.y), rng);
    expect(tf.memory().numTensors - before).toBe(4);
    agem.clearReference();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
