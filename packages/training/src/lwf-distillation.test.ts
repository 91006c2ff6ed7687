import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { LearningWithoutForgetting } from './lwf-distillation.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('LearningWithoutForgetting', () => {
  it('is zero right after an experience and equals α·KL(softmax(old/T) ‖ softmax(new/T)) on old classes after a change', () => {
    const exp = [...fakeScenario({ nExperiences: 1, classesPerExperience: 2 }).trainStream][0];
    const model = new TinyModel({ inputSize: 8, nClasses: 4, seed: 2 });
    const lwf = new LearningWithoutForgetting({ alpha: 0.5, temperature: 2 });
    const batch = exp.dataset.getBatch([0, 1, 2, 3]);
    const out0 = model.forward(batch.x);
    expect(lwf.penalty(batch.x, out0, batch.taskLabels, model)).toBeUndefined();
    lwf.update(exp, model);
    const zero = lwf.penalty(batch.x, out0, batch.taskLabels, model)!;
    expect(zero.dataSync()[0]).toBeCloseTo(0, 6);
    for (const [, v] of model.namedParameters()) v.assign(tf.add(v, 0.3));
    const out1 = model.forward(batch.x);
    const p = lwf.penalty(batch.x, out1, batch.taskLabels, model)!;
    // Manual: classes {0, 1}, T = 2, batch mean of Σ q (log q − log p).
    const old = out0.arraySync();
    const cur = out1.arraySync();
    const softmax = (row: number[]) => {
      const e = row.slice(0, 2).map((z) => Math.exp(z / 2));
      const s = e[0] + e[1];
      return e.map((v) => v / s);
    };
    let kl = 0;
    for (let i = 0; i < 4; i++) {
      const q = softmax(old[i]);
      const pp = softmax(cur[i]);
      kl += q[0] * Math.log(q[0] / pp[0]) + q[1] * Math.log(q[1] / pp[1]);
    }
    expect(p.dataSync()[0]).toBeCloseTo((0.5 * kl) / 4, 5);
    expect([...lwf.previousClassesByTask.get(0)!]).toEqual([0, 1]);
    for (const t of [zero, p, out0, out1, batch.x, batch.y, batch.taskLabels]) t.dispose();
    lwf.dispose();
    model.dispose();
  });

  it('uses α per experience and restores a teacher from its state', () => {
    const exps = [...fakeScenario({ nExperiences: 2 }).trainStream];
    const model = new TinyModel({ inputSize: 8, nClasses: 4 });
    const lwf = new LearningWithoutForgetting({ alpha: [0, 3, 5] });
    expect(lwf.currentAlpha).toBe(0);
    lwf.update(exps[0], model);
    expect(lwf.currentAlpha).toBe(3);
    const state = lwf.stateDict();
    const restored = new LearningWithoutForgetting({ alpha: [0, 3, 5] });
    restored.loadStateDict(state, model);
    expect(restored.currentAlpha).toBe(3);
    for (const [, v] of model.namedParameters()) v.assign(tf.add(v, 0.3));
    const batch = exps[0].dataset.getBatch([0, 1]);
    const out = model.forward(batch.x);
    const a = lwf.penalty(batch.x, out, batch.taskLabels, model)!;
    const b = restored.penalty(batch.x, out, batch.taskLabels, model)!;
    expect(b.dataSync()[0]).toBeCloseTo(a.dataSync()[0], 6);
    for (const t of [a, b, out, batch.x, batch.y, batch.taskLabels, ...Object.values(state.teacher as Record<string, tf.Tensor>)]) t.dispose();
    lwf.dispose();
    restored.dispose();
    model.dispose();
  });
});
