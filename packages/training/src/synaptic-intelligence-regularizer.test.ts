import * as tf from '@tensorflow/tfjs';
import { initBackend, type ContinualModel } from '@avalanche-ts/core';
import { TinyModel } from '@avalanche-ts/core/testing';
import { SynapticIntelligenceRegularizer } from './synaptic-intelligence-regularizer.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

/** One plain SGD step θ ← θ − lr·g with a constant gradient g per parameter. */
function step(model: ContinualModel, reg: SynapticIntelligenceRegularizer, g: number, lr: number): void {
  reg.beforeStep(model);
  const grads: Record<string, tf.Tensor> = {};
  for (const [name, v] of model.namedParameters()) {
    grads[name] = tf.fill(v.shape, g);
    v.assign(tf.sub(v, tf.mul(grads[name], lr)));
  }
  reg.afterStep(model, grads);
  for (const t of Object.values(grads)) t.dispose();
}

describe('SynapticIntelligenceRegularizer', () => {
  it('keeps ω ≥ 0 when steps went along their gradient (momentum), so the penalty cannot turn concave', () => {
    const model = new TinyModel({ inputSize: 2, nClasses: 2 });
    const reg = new SynapticIntelligenceRegularizer({ siLambda: 1 });
    reg.beginExperience(model);
    // Up the gradient and back down: w = 2·(0.01·0.001) > 0 and Δ = 0, so −w / (Δ² + ξ) = −200.
    step(model, reg, 0.01, -0.1);
    step(model, reg, -0.01, -0.1);
    reg.endExperience(model);
    const omega = (reg.stateDict().omega as Record<string, tf.Tensor>)['fc1.bias'];
    expect(Object.is(omega.dataSync()[0], 0)).toBe(true);
    reg.dispose();
    model.dispose();
  });

  it('computes ω = clip(−Σ g·Δθ / (Δ² + ξ), 0, 0.001) from the path integral', () => {
    const model = new TinyModel({ inputSize: 2, nClasses: 2 });
    const reg = new SynapticIntelligenceRegularizer({ siLambda: 2, eps: 1e-7 });
    reg.beginExperience(model);
    // Two steps of g = 0.01, lr = 0.1: w = 2·(0.01·−0.001) = −2e-5; Δ = −0.002; ω = min(2e-5 / (4e-6 + 1e-7), 0.001) = 0.001.
    step(model, reg, 0.01, 0.1);
    step(model, reg, 0.01, 0.1);
    reg.endExperience(model);
    const omega = (reg.stateDict().omega as Record<string, tf.Tensor>)['fc1.bias'];
    expect(omega.dataSync()[0]).toBeCloseTo(0.001, 7);
    // Below the clip: one step of g = 1e-4, lr = 1e-3 gives ω = 1e-11 / (1e-14 + ξ) ≈ 1e-4.
    const reg2 = new SynapticIntelligenceRegularizer({ siLambda: 1 });
    reg2.beginExperience(model);
    step(model, reg2, 1e-4, 1e-3);
    reg2.endExperience(model);
    const omega2 = (reg2.stateDict().omega as Record<string, tf.Tensor>)['fc2.bias'];
    // Relative tolerance: Δ = 1e-7 is at the edge of float32 resolution of the parameter.
    expect(omega2.dataSync()[0] / (1e-11 / (1e-14 + 1e-7))).toBeCloseTo(1, 2);
    reg.dispose();
    reg2.dispose();
    model.dispose();
  });

  it('penalises (λ/2)·Σ ω (θ − θ*)², with λ per experience', () => {
    const model = new TinyModel({ inputSize: 2, nClasses: 2 });
    const reg = new SynapticIntelligenceRegularizer({ siLambda: [4, 8] });
    reg.beginExperience(model);
    expect(reg.penalty(model, 0)).toBeUndefined();
    step(model, reg, 0.01, 0.1);
    reg.endExperience(model);
    const n = model.namedParameters().reduce((a, [, v]) => a + v.size, 0);
    for (const [, v] of model.namedParameters()) v.assign(tf.add(v, 0.5));
    const p1 = reg.penalty(model, 1)!;
    const p9 = reg.penalty(model, 9)!;
    // ω = 0.001 everywhere (clipped), (θ − θ*)² = 0.25.
    expect(p1.dataSync()[0]).toBeCloseTo((8 / 2) * 0.001 * 0.25 * n, 4);
    expect(p9.dataSync()[0]).toBeCloseTo(p1.dataSync()[0], 6);
    p1.dispose();
    p9.dispose();
    reg.dispose();
    model.dispose();
  });

  it('leaves out batch-norm parameters and excluded names', () => {
    const model = new TinyModel({ inputSize: 2, nClasses: 2 });
    const withBn = Object.assign(Object.create(model) as ContinualModel, {
      stateDict: () => ({ ...model.stateDict(), 'fc1.running_mean': model.namedParameters()[1][1] }),
    });
    const reg = new SynapticIntelligenceRegularizer({ siLambda: 1, excludedParameters: ['fc2.b'] });
    expect(reg.parameters(withBn).map(([n]) => n)).toEqual(['fc2.weight']);
    model.dispose();
  });
});
