import * as tf from '@tensorflow/tfjs';
import { MobileNetV1 } from './mobilenet-v1.js';
import { batch, canTrainConvs, expectTrainsAndEvaluatesWithoutLeaks, exportRoundTrip, maxAbsDiff, useBackend } from './model-checks.test-helper.js';

// scripts/torch-param-counts.py: MobileNetV1(num_classes=50, width_scale=0.25)
const WD4_COUNT = 225872;

describe('MobileNetV1', () => {
  beforeAll(() => useBackend('wasm'));

  it('has the parameter count of the PyTorch definition and pytorchcv-like names', () => {
    const m = new MobileNetV1();
    // scripts/torch-param-counts.py: MobileNetV1(num_classes=50) -> 3258176
    expect(m.parameterCount()).toBe(3258176);
    const names = m.namedParameters().map(([n]) => n);
    expect(names[0]).toBe('features.init_block.conv.weight');
    expect(names).toContain('features.stage4.unit6.pw_conv.bn.bias');
    expect(names[names.length - 1]).toBe('output.weight');
    m.dispose();
    // The same network at width 0.25 (pytorchcv's mobilenet_wd4 layout, with this 50-class output).
    const quarter = new MobileNetV1({ widthScale: 0.25 });
    expect(quarter.parameterCount()).toBe(WD4_COUNT);
    quarter.dispose();
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`trains a step and evaluates without leaks on ${backend}`, async () => {
      await useBackend(backend);
      if (!canTrainConvs(true)) {
        console.warn(`skipped: the ${backend} backend has no (depthwise) conv filter-gradient kernels yet`);
        return;
      }
      const m = new MobileNetV1({ numClasses: 5, inputSize: 32, widthScale: 0.25 });
      // Batch 2: the last map is 1x1, and batch norm over a single value would zero every activation.
      const { x, y } = batch([2, 32, 32, 3], 5);
      await expectTrainsAndEvaluatesWithoutLeaks(m, x, y);
      tf.dispose([x, y]);
      m.dispose();
    });
  }

  it('exports to a plain tf.layers model with the same predictions', async () => {
    await useBackend('wasm');
    const m = new MobileNetV1({ numClasses: 5, inputSize: 64, widthScale: 0.25, seed: 2 });
    const { x } = batch([1, 64, 64, 3], 5);
    const [expected, actual] = await exportRoundTrip(m, x);
    expect(maxAbsDiff(expected, actual)).toBeLessThan(1e-4);
    x.dispose();
    m.dispose();
  });
});
