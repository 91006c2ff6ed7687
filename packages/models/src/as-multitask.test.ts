import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import { asMultitask } from './as-multitask.js';
import { LeNet5 } from './lenet5.js';
import { fakeExperience, useBackend } from './model-checks.test-helper.js';
import { MultiHeadClassifier } from './multi-head-classifier.js';
import { SimpleMLP } from './simple-mlp.js';

describe('asMultitask', () => {
  beforeAll(() => useBackend('wasm'));

  it('turns the Linear head into a multi-head classifier whose task-0 outputs are unchanged', () => {
    const m = new SimpleMLP({ hiddenSize: 8, numClasses: 3, seed: 2 });
    m.setTraining(false);
    const x = tf.randomUniform([2, 784], 0, 1, 'float32', 1);
    const before = m.forward(x);
    const names = m.namedParameters().length;
    asMultitask(m);
    expect(m.head).toBeInstanceOf(MultiHeadClassifier);
    expect(m.namedParameters().map(([n]) => n)).toContain('classifier.classifiers.0.classifier.weight');
    expect(m.namedParameters().length).toBe(names);
    const t0 = tf.tensor1d([0, 0], 'int32');
    const after = m.forward(x, { taskLabels: t0 });
    expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
    m.setTraining(true);
    expect(m.adapt(fakeExperience([0, 1], [1], 1))).toBe(true);
    tf.dispose([x, before, after, t0]);
    m.dispose();
  });

  it('rejects a model whose head is not a Linear', () => {
    const m = new LeNet5({ nClasses: 10, inputChannels: 1 });
    expect(() => asMultitask(m)).toThrow(ValidationError);
    m.dispose();
  });
});
