import * as tf from '@tensorflow/tfjs';
import { Rng, ValidationError, initBackend } from '@avalanche-ts/core';
import { Activation } from './activation.js';
import { Linear } from './linear.js';
import { ScrModel } from './scr-model.js';
import { Sequential } from './sequential.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

const make = () => {
  const rng = new Rng(3);
  return new ScrModel({ featureExtractor: new Sequential([new Linear(6, 5, rng), new Activation('relu')]), projection: new Linear(5, 4, rng) });
};

describe('ScrModel', () => {
  it('projects normalised features in training and scores them by nearest class mean in eval', () => {
    const model = make();
    const x = tf.tensor2d([[1, 2, 3, 4, 5, 6], [-1, 0, 2, 1, 0, 3]]);
    const features = model.getFeatures(x);
    const norms = tf.norm(features, 'euclidean', 1).dataSync();
    norms.forEach((n) => expect(n).toBeCloseTo(1, 5));
    expect(model.forward(x).shape).toEqual([2, 4]);
    const f = features.arraySync();
    model.replaceClassMeans(new Map([[0, f[0]], [2, f[1]]]));
    model.setTraining(false);
    const scores = model.forward(x);
    expect(scores.shape).toEqual([2, 3]);
    expect(Array.from(scores.argMax(1).dataSync())).toEqual([0, 2]);
    // normalize = false in the NCM head: the score is minus the distance to the stored mean.
    expect(scores.arraySync()[0][0]).toBeCloseTo(0, 3);
    expect(model.evalClassifier.normalize).toBe(false);
    tf.dispose([x, features, scores]);
    model.dispose();
  });

  it('names its parameters like Avalanche, clones its class means and cannot be exported to tf.layers', () => {
    const model = make();
    expect(model.namedParameters().map(([n]) => n)).toEqual(['feature_extractor.0.weight', 'feature_extractor.0.bias', 'train_classifier.weight', 'train_classifier.bias']);
    model.replaceClassMeans(new Map([[1, [0.6, 0.8, 0, 0, 0]]]));
    const copy = model.clone();
    expect(Array.from(copy.evalClassifier.currentMeans().get(1)!)).toEqual(Array.from(Float32Array.from([0.6, 0.8, 0, 0, 0])));
    expect(() => model.toLayers(tf.input({ shape: [6] }), undefined as never)).toThrow(ValidationError);
    copy.dispose();
    model.dispose();
  });
});
