import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import { batch, exportRoundTrip, leaksOfStepAndEval, maxAbsDiff, sgdStep, useBackend } from './model-checks.test-helper.js';
import { SimpleMLP } from './simple-mlp.js';

describe('SimpleMLP', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameter names and counts of the PyTorch definition', () => {
    const m = new SimpleMLP();
    // scripts/torch-param-counts.py: SimpleMLP() -> 407050
    expect(m.parameterCount()).toBe(407050);
    expect(m.namedParameters().map(([n]) => n)).toEqual(['features.0.weight', 'features.0.bias', 'classifier.weight', 'classifier.bias']);
    m.dispose();
    const deep = new SimpleMLP({ hiddenLayers: 3, hiddenSize: 64, numClasses: 5 });
    // scripts/torch-param-counts.py: SimpleMLP(num_classes=5, hidden_size=64, hidden_layers=3) -> 58885
    expect(deep.parameterCount()).toBe(58885);
    expect(deep.namedParameters().map(([n]) => n)).toEqual([
      'features.0.weight', 'features.0.bias', 'features.3.0.weight', 'features.3.0.bias',
      'features.4.0.weight', 'features.4.0.bias', 'classifier.weight', 'classifier.bias',
    ]);
    deep.dispose();
  });

  it('rejects bad options naming the field', () => {
    expect(() => new SimpleMLP({ dropRate: 1.5 })).toThrow(ValidationError);
    expect(() => new SimpleMLP({ hiddenSize: 0 })).toThrow(/hiddenSize/);
  });

  it('gives logits [batch, classes] for images or flat input; the same seed gives the same weights', () => {
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
    expect(f1.shape).toEqual([2, 32]);
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

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`trains (loss falls) and evaluates without tensor leaks on ${backend}`, async () => {
      await useBackend(backend);
      const m = new SimpleMLP({ hiddenSize: 32, dropRate: 0 });
      const { x, y } = batch([8, 28, 28, 1], 10);
      const first = sgdStep(m, x, y);
      for (let i = 0; i < 5; i++) sgdStep(m, x, y);
      expect(sgdStep(m, x, y)).toBeLessThan(first);
      expect(await leaksOfStepAndEval(m, x, y)).toEqual([0, 0]);
      tf.dispose([x, y]);
      m.dispose();
    });
  }

  it('exports to model.json + weights that plain tf.loadLayersModel loads with identical predictions', async () => {
    await useBackend('wasm');
    const m = new SimpleMLP({ hiddenLayers: 2, hiddenSize: 32, seed: 5 });
    const { x } = batch([4, 28, 28, 1], 10);
    const [expected, actual] = await exportRoundTrip(m, x.reshape([4, 784]));
    expect(maxAbsDiff(expected, actual)).toBe(0);
    x.dispose();
    m.dispose();
  });
});
