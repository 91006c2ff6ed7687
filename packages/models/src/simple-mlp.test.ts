import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { SimpleMLP } from './simple-mlp.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('SimpleMLP', () => {
  it('has the parameter names and count of the PyTorch definition', () => {
    const m = new SimpleMLP();
    // scripts/torch-param-counts.py: SimpleMLP() -> 669706
    expect(m.parameterCount()).toBe(669706);
    expect(m.namedParameters().map(([n]) => n)).toEqual(['features.0.weight', 'features.0.bias', 'classifier.weight', 'classifier.bias']);
    m.dispose();
    const deep = new SimpleMLP({ hiddenLayers: 3, hiddenSize: 64, numClasses: 5 });
    // scripts/torch-param-counts.py: SimpleMLP(num_classes=5, hidden_size=64, hidden_layers=3) -> 59205
    expect(deep.parameterCount()).toBe(59205);
    expect(deep.namedParameters().map(([n]) => n)).toContain('features.4.0.weight');
    deep.dispose();
  });

  it('gives logits [batch, classes] for images or flat input, with the same seed the same weights', () => {
    const a = new SimpleMLP({ seed: 3 });
    const b = new SimpleMLP({ seed: 3 });
    a.setTraining(false);
    b.setTraining(false);
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 1);
    const ya = a.forward(x);
    const yb = b.forward(x.reshape([4, 784]));
    expect(ya.shape).toEqual([4, 10]);
    expect(Array.from(ya.dataSync())).toEqual(Array.from(yb.dataSync()));
    tf.dispose([x, ya, yb]);
    a.dispose();
    b.dispose();
  });

  it('applies dropout only in training mode, reproducibly per seed', () => {
    const m = new SimpleMLP({ hiddenSize: 32 });
    const x = tf.ones([2, 784]);
    const f1 = m.getFeatures(x, { seed: 7 });
    const f2 = m.getFeatures(x, { seed: 7 });
    const f3 = m.getFeatures(x, { seed: 8 });
    expect(Array.from(f1.dataSync())).toEqual(Array.from(f2.dataSync()));
    expect(Array.from(f1.dataSync())).not.toEqual(Array.from(f3.dataSync()));
    expect(Array.from(f1.dataSync()).filter((v) => v === 0).length).toBeGreaterThan(8);
    m.setTraining(false);
    const e1 = m.getFeatures(x, { seed: 7 });
    const e2 = m.getFeatures(x, { seed: 8 });
    expect(Array.from(e1.dataSync())).toEqual(Array.from(e2.dataSync()));
    tf.dispose([x, f1, f2, f3, e1, e2]);
    m.dispose();
  });
});
