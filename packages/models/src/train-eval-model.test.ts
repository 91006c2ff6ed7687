import * as tf from '@tensorflow/tfjs';
import { NCMClassifier } from './ncm-classifier.js';
import { SimpleMLP } from './simple-mlp.js';
import { TrainEvalModel } from './train-eval-model.js';
import { useBackend } from './model-checks.test-helper.js';

describe('TrainEvalModel', () => {
  beforeAll(() => useBackend('wasm'));

  it('answers with the wrapped model in training and with the eval classifier on features in eval mode', () => {
    const mlp = new SimpleMLP({ inputSize: 4, hiddenSize: 3, numClasses: 5, dropRate: 0 });
    const model = new TrainEvalModel(mlp, new NCMClassifier());
    const x = tf.tensor2d([[1, 2, 3, 4]]);
    expect(model.forward(x).shape).toEqual([1, 5]);
    model.setTraining(false);
    // No means yet: falls back to the wrapped model.
    expect(model.forward(x).shape).toEqual([1, 5]);
    (model.evalClassifier as NCMClassifier).replaceClassMeans(new Map([[0, [1, 0, 0]], [1, [0, 1, 0]]]));
    expect(model.forward(x).shape).toEqual([1, 2]);
    expect(model.namedParameters().map(([n]) => n)).toEqual(mlp.namedParameters('model.').map(([n]) => n));
    expect(Object.keys(model.stateDict())).toContain('eval_classifier.class_means');
    const copy = model.clone();
    expect(copy.forward(x).arraySync()).toEqual(model.forward(x).arraySync());
    copy.dispose();
    model.dispose();
    x.dispose();
  });
});
