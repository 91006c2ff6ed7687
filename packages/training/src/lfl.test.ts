import { ValidationError } from '@avalanche-ts/core';
import { TinyModel } from '@avalanche-ts/core/testing';
import { roundTrip, trainCounting } from '../scripts/plugin-harness.js';
import { countStrategyTensors } from '../scripts/strategy-leak-harness.js';
import { lfl } from './lfl.js';
import { LflPlugin, lastLinear } from './lfl-plugin.js';
import { naiveComparison } from './test-support/naive-comparison.js';
import { tinyMlp, useCpuBackend } from './test-support/use-cpu-backend.js';

// Domain-incremental SplitMNIST (5 experiences of two digits, labels 0/1 in each, one shared 2-unit head):
// LFL keeps the head fixed after the first experience and the features close to the old ones.
const comparison = naiveComparison('domain');

describe('lfl() on domain-incremental SplitMNIST', () => {
  it('learns each experience and forgets less than Naive with the same seed', async () => {
    const result = await comparison.run('LFL', (o) => lfl({ ...o, lambdaE: 1 }));
    // Measured: final accuracy 0.83 vs 0.73, forgetting 0.16 vs 0.30.
    comparison.expectBetterThanNaive(result, { learned: 0.8, naiveForgets: 0.2, forgetsLessBy: 0.08, moreAccurateBy: 0.05 });
  });
});

describe('LflPlugin', () => {
  useCpuBackend();

  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await countStrategyTensors((o) => lfl({ ...o, lambdaE: 1 }), { makeModel: tinyMlp });
    expect(run.counts[3]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('freezes the last linear layer after the first experience and round-trips its state', async () => {
    let result: { original: unknown; restored: unknown } | undefined;
    let frozen: boolean[] = [];
    let before: number[] = [];
    let after: number[] = [];
    await trainCounting(() => new LflPlugin({ lambdaE: [1, 2] }), {
      nExperiences: 3,
      makeModel: tinyMlp,
      beforeDispose: async (plugin, model) => {
        frozen = lastLinear(model).namedParameters().map(([, v]) => v.trainable);
        before = Array.from(lastLinear(model).weight.dataSync());
        result = await roundTrip(plugin, new LflPlugin({ lambdaE: 1 }));
        after = Array.from(lastLinear(model).weight.dataSync());
      },
    });
    expect(frozen).toEqual([false, false]);
    expect(after).toEqual(before);
    expect(result!.restored).toEqual(result!.original);
  });

  it('needs features and a linear layer, and validates its options', async () => {
    expect(() => lastLinear(new TinyModel({ inputSize: 2, nClasses: 2 }))).toThrow(/no Linear layer/);
    expect(() => new LflPlugin({ lambdaE: -1 })).toThrow(ValidationError);
    expect(() => new LflPlugin({ lambdaE: -1 })).toThrow(/lambdaE/);
    expect(() => new LflPlugin({} as never)).toThrow(/lambdaE/);
  });
});
