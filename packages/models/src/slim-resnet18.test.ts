import * as tf from '@tensorflow/tfjs';
import { batch, canTrainConvs, expectTrainsAndEvaluatesWithoutLeaks, exportRoundTrip, maxAbsDiff, useBackend } from './model-checks.test-helper.js';
import { SlimResNet18 } from './slim-resnet18.js';

describe('SlimResNet18', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameter count and names of the PyTorch definition (nf = 20)', () => {
    const m = new SlimResNet18({ nclasses: 10 });
    // scripts/torch-param-counts.py: SlimResNet18(nclasses=10, nf=20) -> 1094750
    expect(m.parameterCount()).toBe(1094750);
    const names = m.namedParameters().map(([n]) => n);
    expect(names.slice(0, 3)).toEqual(['conv1.weight', 'bn1.weight', 'bn1.bias']);
    expect(names).toContain('layer2.0.shortcut.0.weight');
    expect(names).not.toContain('layer1.0.shortcut.0.weight');
    expect(names.slice(-2)).toEqual(['linear.weight', 'linear.bias']);
    expect(Object.keys(m.stateDict())).toContain('layer4.1.bn2.running_var');
    m.dispose();
  });

  it('maps CIFAR-shaped input (or its flat view) to 160 features', () => {
    const m = new SlimResNet18({ nclasses: 10 });
    m.setTraining(false);
    const x = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 1);
    const f = m.getFeatures(x);
    const g = m.getFeatures(x.reshape([1, 3072]));
    expect(f.shape).toEqual([1, 160]);
    expect(Array.from(g.dataSync())).toEqual(Array.from(f.dataSync()));
    tf.dispose([x, f, g]);
    m.dispose();
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`trains a step (batch norm in training mode) and evaluates without leaks on ${backend}`, async () => {
      await useBackend(backend);
      if (!canTrainConvs()) {
        console.warn(`skipped: the ${backend} backend has no Conv2DBackpropFilter kernel yet`);
        return;
      }
      const m = new SlimResNet18({ nclasses: 4, nf: 4, inputSize: 8 });
      const { x, y } = batch([2, 8, 8, 3], 4);
      await expectTrainsAndEvaluatesWithoutLeaks(m, x, y);
      const tracked = m.stateDict()['bn1.num_batches_tracked'].dataSync()[0];
      expect(tracked).toBeGreaterThanOrEqual(2); // two training steps ran
      tf.dispose([x, y]);
      m.dispose();
    });
  }

  it('exports to a plain tf.layers model with the same predictions (eval-mode batch norm)', async () => {
    await useBackend('wasm');
    const m = new SlimResNet18({ nclasses: 10, nf: 8, seed: 2 });
    // Non-trivial running statistics, so the export must carry them.
    for (const [name, v] of Object.entries(m.stateDict())) {
      if (name.endsWith('running_mean')) (v as tf.Variable).assign(tf.fill(v.shape, 0.1));
      if (name.endsWith('running_var')) (v as tf.Variable).assign(tf.fill(v.shape, 1.5));
    }
    const { x } = batch([2, 32, 32, 3], 10);
    const [expected, actual] = await exportRoundTrip(m, x);
    expect(maxAbsDiff(expected, actual)).toBeLessThan(1e-4);
    x.dispose();
    m.dispose();
  });
});
