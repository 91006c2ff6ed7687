import * as tf from '@tensorflow/tfjs';
import { IcarlNet } from './icarl-net.js';
import { batch, canTrainConvs, expectTrainsAndEvaluatesWithoutLeaks, exportRoundTrip, maxAbsDiff, useBackend } from './model-checks.test-helper.js';

describe('IcarlNet', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameter count and names of the PyTorch definition (ResNet-32)', () => {
    const m = new IcarlNet({ numClasses: 100 });
    // scripts/torch-param-counts.py: IcarlNet(num_classes=100, n=5, c=3) -> 470004
    expect(m.parameterCount()).toBe(470004);
    const names = m.namedParameters().map(([n]) => n);
    expect(names.slice(0, 3)).toEqual(['feature_extractor.0.0.weight', 'feature_extractor.0.1.weight', 'feature_extractor.0.1.bias']);
    expect(names).toContain('feature_extractor.3.4.direct.4.weight');
    expect(names.slice(-2)).toEqual(['classifier.weight', 'classifier.bias']);
    m.dispose();
  });

  it("'icarl' init draws kaiming-normal weights (fan in) and zero classifier bias", () => {
    const m = new IcarlNet({ numClasses: 10, n: 1, init: 'icarl', seed: 3 });
    const state = m.stateDict();
    expect(Array.from(state['classifier.bias'].dataSync())).toEqual(new Array(10).fill(0));
    const w = state['feature_extractor.3.0.direct.0.weight']; // 3x3x32 fan in, std sqrt(2 / 288)
    const std = tf.tidy(() => tf.moments(w).variance.sqrt().dataSync()[0]);
    expect(std).toBeGreaterThan(0.9 * Math.sqrt(2 / 288));
    expect(std).toBeLessThan(1.1 * Math.sqrt(2 / 288));
    m.dispose();
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`trains a step and evaluates without leaks on ${backend}`, async () => {
      await useBackend(backend);
      if (!canTrainConvs()) {
        console.warn(`skipped: the ${backend} backend has no Conv2DBackpropFilter kernel yet`);
        return;
      }
      const m = new IcarlNet({ numClasses: 4, n: 1, inputSize: 8 });
      const { x, y } = batch([2, 8, 8, 3], 4);
      await expectTrainsAndEvaluatesWithoutLeaks(m, x, y);
      tf.dispose([x, y]);
      m.dispose();
    });
  }

  it('exports (option-A shortcuts as fixed 1x1 convolutions) with the same predictions', async () => {
    await useBackend('wasm');
    const m = new IcarlNet({ numClasses: 10, n: 2, seed: 5 });
    const { x } = batch([2, 32, 32, 3], 10);
    const [expected, actual] = await exportRoundTrip(m, x);
    expect(maxAbsDiff(expected, actual)).toBeLessThan(1e-4);
    x.dispose();
    m.dispose();
  });
});
