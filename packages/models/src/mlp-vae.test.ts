import * as tf from '@tensorflow/tfjs';
import { countTensorsAfter } from '@avalanche-ts/core/testing';
import { MlpVAE, vaeLoss } from './mlp-vae.js';
import { batch, expectTrainsAndEvaluatesWithoutLeaks, exportRoundTrip, maxAbsDiff, useBackend } from './model-checks.test-helper.js';

describe('MlpVAE', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameter count and names of the PyTorch definition', () => {
    const m = new MlpVAE({ shape: [28, 28, 1] });
    // scripts/torch-param-counts.py: MlpVAE(shape=(1,28,28), nhid=16, n_classes=10) -> 616618
    expect(m.parameterCount()).toBe(616618);
    const names = m.namedParameters().map(([n]) => n);
    expect(names).toContain('encoder.encode.1.weight');
    expect(names).toContain('encoder.encode.4.mlp.Linear_0.weight');
    expect(names).toContain('calc_logvar.mlp.Linear_0.bias');
    expect(names).toContain('decoder.decode.0.mlp.Linear_3.weight');
    m.dispose();
  });

  it('reconstructs to the sample shape, generates reproducibly per seed, and its loss trains the model', async () => {
    const m = new MlpVAE({ shape: [28, 28, 1], seed: 1 });
    const { x } = batch([4, 28, 28, 1], 10);
    const out = m.vaeForward(x, { seed: 3 });
    expect(out.reconstruction.shape).toEqual([4, 28, 28, 1]);
    expect(out.mean.shape).toEqual([4, 16]);
    tf.dispose([out.reconstruction, out.mean, out.logvar]);
    const a = m.generate(2, 9);
    const b = m.generate(2, 9);
    expect(a.shape).toEqual([2, 28, 28, 1]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);

    const optimizer = tf.train.adam(1e-3);
    const step = () =>
      tf.tidy(() => {
        const loss = optimizer.minimize(() => vaeLoss(x, m.vaeForward(x, { seed: 5 })), true)!;
        return loss.dataSync()[0];
      });
    const first = step();
    for (let i = 0; i < 10; i++) step();
    expect(step()).toBeLessThan(first);
    expect(await countTensorsAfter(step)).toBe(0);
    optimizer.dispose();
    x.dispose();
    m.dispose();
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`trains its classification head and evaluates without leaks on ${backend}`, async () => {
      await useBackend(backend);
      const m = new MlpVAE({ shape: [8, 8, 1], nhid: 4, nClasses: 3 });
      const { x, y } = batch([4, 8, 8, 1], 3);
      // Only the encoder (8 tensors) and the classification head (2) are on the classifier's path.
      await expectTrainsAndEvaluatesWithoutLeaks(m, x, y, undefined, 10);
      tf.dispose([x, y]);
      m.dispose();
    });
  }

  it('exports its classifier path with identical predictions', async () => {
    await useBackend('wasm');
    const m = new MlpVAE({ shape: [28, 28, 1], seed: 2 });
    const { x } = batch([3, 28, 28, 1], 10);
    const [expected, actual] = await exportRoundTrip(m, x);
    expect(maxAbsDiff(expected, actual)).toBeLessThan(1e-5);
    x.dispose();
    m.dispose();
  });
});
