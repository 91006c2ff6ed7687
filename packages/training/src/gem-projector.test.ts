import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { GemProjector } from './gem-projector.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

const loss = (output: tf.Tensor2D, batch: { y: tf.Tensor1D }) => crossEntropyLoss(output, batch.y);

function dot(a: Record<string, tf.Tensor>, b: Record<string, tf.Tensor>): number {
  return tf.tidy(() => Object.keys(a).reduce((s, k) => s + (b[k] ? tf.sum(tf.mul(a[k], b[k])).dataSync()[0] : 0), 0));
}

describe('GemProjector', () => {
  it('stores patternsPerExp random samples per experience and projects so that no memory loss increases', () => {
    const exps = [...fakeScenario({ nExperiences: 3, samplesPerClass: 10, seed: 5 }).trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 6, seed: 3 });
    const gem = new GemProjector({ patternsPerExp: 6, memoryStrength: 0 });
    const rng = new Rng(0);
    gem.updateMemory(exps[0], rng);
    gem.updateMemory(exps[1], rng);
    expect(gem.memory.experiences.map((s) => s.dataset.length)).toEqual([6, 6]);
    gem.computeReferences(model, loss, rng);
    const refs = (gem as unknown as { references: Array<Record<string, tf.Tensor>> }).references;
    // A gradient opposed to the first memory's gradient.
    const g: Record<string, tf.Tensor> = Object.fromEntries(Object.entries(refs[0]).map(([k, r]) => [k, tf.neg(r)]));
    expect(dot(refs[0], g)).toBeLessThan(0);
    const projected = gem.project(g)!;
    expect(projected).toBeDefined();
    // Up to the ridge ε = 1e-3 that keeps the QP strictly convex: G g̃ = −ε v ≥ −ε·max(v).
    for (const r of refs) expect(dot(r, projected)).toBeGreaterThanOrEqual(-5e-3);
    // A gradient agreeing with every memory is left alone.
    const agree: Record<string, tf.Tensor> = Object.fromEntries(Object.entries(refs[0]).map(([k, r]) => [k, tf.add(r, refs[1][k])]));
    if (refs.every((r) => dot(r, agree) >= 0)) expect(gem.project(agree)).toBeUndefined();
    for (const t of [...Object.values(g), ...Object.values(projected), ...Object.values(agree)]) t.dispose();
    gem.dispose();
    model.dispose();
  });

  it('matches the closed form with one memory: g̃ = g + max(γ, −g·r/(r·r+ε))·r', () => {
    const gem = new GemProjector({ patternsPerExp: 1, memoryStrength: 0.5 });
    const r = { w: tf.tensor1d([1, 0]) };
    (gem as unknown as { references: Array<Record<string, tf.Tensor>> }).references = [r];
    const g = { w: tf.tensor1d([-2, 1]) };
    const out = gem.project(g)!;
    const v = Math.max(0.5, 2 / (1 + 1e-3));
    const got = out.w.dataSync();
    expect(got[0]).toBeCloseTo(-2 + v, 5);
    expect(got[1]).toBeCloseTo(1, 6);
    out.w.dispose();
    g.w.dispose();
    gem.dispose();
  });
});
