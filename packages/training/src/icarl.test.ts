import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import { runWith } from '../scripts/forgetting-harness.js';
import { roundTripAfterTraining } from '../scripts/plugin-harness.js';
import { countStrategyTensors } from '../scripts/strategy-leak-harness.js';
import { icarl } from './icarl.js';
import { IcarlLossPlugin } from './icarl-loss-plugin.js';
import { IcarlPlugin, herdingOrder } from './icarl-plugin.js';
import { sgd } from './sgd.js';
import { naiveComparison } from './test-support/naive-comparison.js';
import { useCpuBackend } from './test-support/use-cpu-backend.js';

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head): Naive forgets almost
// everything; iCaRL's exemplars, distillation and nearest-mean classifier are meant to help. iCaRL's
// sigmoid loss has gradients ~C times smaller than cross-entropy, so it gets a larger rate (the paper uses 2).
const comparison = naiveComparison('class');

describe('icarl() on class-incremental SplitMNIST', () => {
  it('learns each experience and forgets far less than Naive with the same seed', async () => {
    const result = await runWith('iCaRL', (o) => icarl({ ...o, memorySize: 200 }), { ...comparison.setup, optimizer: () => sgd({ lr: 1 }) }, comparison.streams.trainStream, comparison.streams.testStream);
    // Measured: final accuracy 0.68 vs 0.18, forgetting 0.12 vs 0.98; the current experience 0.6-0.99 (chance ≤ 0.5).
    comparison.expectBetterThanNaive(result, { learned: 0.5, naiveForgets: 0.8, forgetsLessBy: 0.5, moreAccurateBy: 0.3 });
  });
});

describe('herdingOrder', () => {
  it('picks first the sample closest to the mean, then the one that brings the running mean back', () => {
    // Unit vectors at angles 0°, 90° and 45°: the mean direction is 45°.
    const f = Float32Array.from([1, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2]);
    const order = herdingOrder(f, 3, 2, 3);
    expect(order[0]).toBe(2);
    expect(new Set(order)).toEqual(new Set([0, 1, 2]));
    expect(herdingOrder(f, 3, 2, 1)).toEqual([2]);
  });
});

describe('IcarlPlugin and IcarlLossPlugin', () => {
  useCpuBackend();

  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await countStrategyTensors((o, exps) => icarl({ ...o, memorySize: 10, sources: exps }));
    expect(run.counts[3]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('distils the old model on the classes of earlier experiences', () => {
    const loss = new IcarlLossPlugin();
    expect(loss.previousClasses).toEqual([]);
    const value = tf.tidy(() => loss.criterion(tf.tensor2d([[0, 0]]), tf.tensor1d([1], 'int32'), { isTraining: false } as never).dataSync()[0]);
    expect(value).toBeCloseTo(Math.log(2), 5);
    loss.dispose();
  });

  it('validates its options', () => {
    expect(() => new IcarlPlugin({ memorySize: 0 })).toThrow(ValidationError);
    expect(() => new IcarlPlugin({ memorySize: 0 })).toThrow(/memorySize/);
    expect(() => new IcarlPlugin({ memorySize: 10, fixedMemory: 'yes' as never })).toThrow(/fixedMemory/);
  });

  it('round-trips its memory and class means through stateDict', async () => {
    const result = await roundTripAfterTraining((exps) => new IcarlPlugin({ memorySize: 6, sources: exps }));
    expect(result.restored).toEqual(result.original);
    expect((result.original as { classes: number[] }).classes).toEqual([0, 1, 2, 3]);
  });
});
