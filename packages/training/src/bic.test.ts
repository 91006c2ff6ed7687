import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import { roundTripAfterTraining, trainCounting } from '../scripts/plugin-harness.js';
import { countStrategyTensors } from '../scripts/strategy-leak-harness.js';
import { BiasLayer } from './bias-layer.js';
import { bic } from './bic.js';
import { BicPlugin } from './bic-plugin.js';
import { naiveComparison } from './test-support/naive-comparison.js';
import { useCpuBackend } from './test-support/use-cpu-backend.js';

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head): Naive forgets almost
// everything; BiC's replay, distillation and bias correction are meant to help.
const comparison = naiveComparison('class');

describe('bic() on class-incremental SplitMNIST', () => {
  it('learns each experience and forgets far less than Naive with the same seed', async () => {
    const result = await comparison.run('BiC', (o) => bic({ ...o, memSize: 200 }));
    // Measured: final accuracy 0.65 vs 0.18, forgetting 0.19 vs 0.98. With λ = 8/10 on the last
    // experience (one epoch) the new classes reach 0.45 of a 10-way output (chance 0.1).
    comparison.expectBetterThanNaive(result, { learned: 0.35, naiveForgets: 0.8, forgetsLessBy: 0.5, moreAccurateBy: 0.3 });
  });
});

describe('BicPlugin', () => {
  useCpuBackend();

  it('holds out the first samples of each class and fits a bias layer on them from the second experience', async () => {
    let plugin: BicPlugin | undefined;
    await trainCounting(() => (plugin = new BicPlugin({ memSize: 40, stage2Epochs: 20 })), {
      nExperiences: 2,
      beforeDispose: async () => {
        // ⌊0.1 · 40⌋ = 4 held-out samples over 4 classes.
        expect(plugin!.validationSet!.length).toBe(4);
        expect(plugin!.bias!.classes).toEqual([2, 3]);
        expect(plugin!.bias!.alpha).not.toBe(1);
      },
    });
  });

  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await countStrategyTensors((o) => bic({ ...o, memSize: 40, stage2Epochs: 5 }));
    expect(run.counts[3]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('round-trips its state through stateDict', async () => {
    const result = await roundTripAfterTraining((exps) => new BicPlugin({ memSize: 40, stage2Epochs: 3, sources: exps }), { nExperiences: 3 });
    expect(result.restored).toEqual(result.original);
  });

  it('validates its options', () => {
    expect(() => new BicPlugin({ valPercentage: 1.5 })).toThrow(ValidationError);
    expect(() => new BicPlugin({ valPercentage: 1.5 })).toThrow(/valPercentage/);
    expect(() => new BicPlugin({ lamb: -0.5 })).toThrow(/lamb/);
    expect(() => new BicPlugin({ stage2Epochs: 1.5 })).toThrow(/stage2Epochs/);
  });

  it('BiasLayer rescales only its classes', () => {
    const layer = new BiasLayer([1], 2, 0.5);
    const out = tf.tidy(() => Array.from(layer.apply(tf.tensor2d([[1, 1, 1]])).dataSync()));
    expect(out).toEqual([1, 2.5, 1]);
    expect(Array.from(layer.applyRows(Float32Array.from([1, 1, 1]), 1, 3))).toEqual([1, 2.5, 1]);
  });
});
