import * as tf from '@tensorflow/tfjs';
import { CheckpointError } from '@avalanche-ts/core';
import { countTensorsAfter } from '@avalanche-ts/core/testing';
import { fakeExperience, sgdStep, useBackend } from './model-checks.test-helper.js';
import { MTSimpleMLP } from './mt-simple-mlp.js';
import { SimpleMLP } from './simple-mlp.js';
import { SlimResNet18 } from './slim-resnet18.js';

describe('Module (through SimpleMLP and friends)', () => {
  beforeAll(() => useBackend('wasm'));

  it('clone() is a deep copy: same outputs, own variables, training one leaves the other unchanged', () => {
    const m = new SimpleMLP({ hiddenSize: 8, dropRate: 0 });
    const teacher = m.clone();
    expect(teacher).toBeInstanceOf(SimpleMLP);
    expect(teacher.namedParameters().map(([n]) => n)).toEqual(m.namedParameters().map(([n]) => n));
    const ids = new Set(m.namedParameters().map(([, v]) => v.id));
    expect(teacher.namedParameters().some(([, v]) => ids.has(v.id))).toBe(false);
    const x = tf.randomUniform([2, 784], 0, 1, 'float32', 1);
    const y = tf.tensor1d([0, 1], 'int32');
    const before = teacher.forward(x);
    sgdStep(m, x, y);
    const after = teacher.forward(x);
    const student = m.forward(x);
    expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
    expect(Array.from(student.dataSync())).not.toEqual(Array.from(before.dataSync()));
    tf.dispose([x, y, before, after, student]);
    m.dispose();
    teacher.dispose();
  });

  it('clones dynamic models with their grown heads and masks', () => {
    const m = new MTSimpleMLP({ hiddenSize: 8 });
    m.adapt(fakeExperience([0, 1], [0]));
    m.adapt(fakeExperience([2, 3], [1], 1));
    const copy = m.clone();
    expect(Object.keys(copy.stateDict())).toEqual(Object.keys(m.stateDict()));
    expect(copy.classifier.taskLabelsWithHead()).toEqual([0, 1]);
    copy.adapt(fakeExperience([0], [2], 2));
    expect(m.classifier.taskLabelsWithHead()).toEqual([0, 1]);
    m.dispose();
    copy.dispose();
  });

  it('freeze(prefix) marks parameters untrainable so a step leaves them unchanged', () => {
    const m = new SimpleMLP({ hiddenSize: 8, dropRate: 0 });
    m.freeze('features.');
    expect(m.namedParameters().filter(([, v]) => !v.trainable).map(([n]) => n)).toEqual(['features.0.weight', 'features.0.bias']);
    const w = m.stateDict()['features.0.weight'].dataSync().slice();
    const x = tf.randomUniform([2, 784], 0, 1, 'float32', 1);
    const y = tf.tensor1d([0, 1], 'int32');
    sgdStep(m, x, y);
    expect(Array.from(m.stateDict()['features.0.weight'].dataSync())).toEqual(Array.from(w));
    m.unfreeze();
    expect(m.namedParameters().every(([, v]) => v.trainable)).toBe(true);
    tf.dispose([x, y]);
    m.dispose();
  });

  it('setTraining reaches every sub-module', () => {
    const m = new SlimResNet18({ nclasses: 2, nf: 2 });
    m.setTraining(false);
    const all: boolean[] = [];
    const walk = (mod: { training: boolean; namedChildren(): Array<[string, unknown]> }) => {
      all.push(mod.training);
      for (const [, c] of mod.namedChildren()) walk(c as typeof mod);
    };
    walk(m);
    expect(all.length).toBeGreaterThan(20);
    expect(all.every((t) => !t)).toBe(true);
    m.dispose();
  });

  it('loadStateDict copies values and names the first bad key', () => {
    const a = new SimpleMLP({ hiddenSize: 8, seed: 1 });
    const b = new SimpleMLP({ hiddenSize: 8, seed: 2 });
    b.loadStateDict(a.stateDict());
    expect(Array.from(b.stateDict()['classifier.bias'].dataSync())).toEqual(Array.from(a.stateDict()['classifier.bias'].dataSync()));
    const { 'classifier.bias': _dropped, ...missing } = a.stateDict();
    expect(() => b.loadStateDict(missing)).toThrow(/missing key "classifier.bias"/);
    const wrong = new SimpleMLP({ hiddenSize: 4 });
    expect(() => b.loadStateDict(wrong.stateDict())).toThrow(CheckpointError);
    expect(() => b.loadStateDict({ ...a.stateDict(), extra: a.stateDict()['classifier.bias'] })).toThrow(/unexpected key "extra"/);
    a.dispose();
    b.dispose();
    wrong.dispose();
  });

  it('dispose() frees every variable it created', async () => {
    const leaked = await countTensorsAfter(() => {
      const m = new MTSimpleMLP({ hiddenSize: 8 });
      m.adapt(fakeExperience([0, 1, 2], [1]));
      const c = m.clone();
      c.dispose();
      m.dispose();
    });
    expect(leaked).toBe(0);
  });
});
