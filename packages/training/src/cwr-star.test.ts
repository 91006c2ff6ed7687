import { initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { SimpleMLP } from '@avalanche-ts/models';
import { SMALL_BENCHMARK, accuracyEvaluator, runStrategy, type RunResult } from '../scripts/forgetting-harness.js';
import { cwrStar } from './cwr-star.js';
import { naive } from './naive.js';
import { sgd } from './sgd.js';
import type { StrategyOptions } from './strategy-options.js';
import type { SupervisedTemplate } from './supervised-template.js';

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head, no task labels): Naive
// forgets almost everything; CWR* keeps consolidated per-class output weights over the feature extractor
// learnt on the first experience (frozen afterwards), so it forgets little but learns later classes less well.
let streams: Awaited<ReturnType<typeof splitMNIST>>;
let baseline: RunResult;

async function run(name: string, factory: (o: StrategyOptions) => SupervisedTemplate): Promise<RunResult> {
  const model = new SimpleMLP({ hiddenSize: 256, dropRate: 0 });
  const evaluator = accuracyEvaluator();
  const strategy = factory({ model, optimizer: sgd({ lr: 0.02 }), trainMbSize: 32, trainEpochs: 3, evalMbSize: 256, evaluator, seed: 0 });
  try {
    return await runStrategy(name, strategy, evaluator, streams.trainStream, streams.testStream);
  } finally {
    strategy.dispose();
    model.dispose();
  }
}

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  streams = await splitMNIST({ nExperiences: 5, ...SMALL_BENCHMARK });
  baseline = await run('Naive', (o) => naive(o));
});

describe('cwrStar() on class-incremental SplitMNIST', () => {
  it('learns each experience and forgets far less than Naive with the same seed', async () => {
    const result = await run('CWR*', (o) => cwrStar(o));
    // Measured: diagonal 0.97 / 0.76 / 0.75 / 0.60 / 0.61 (chance 0.1 on a 10-unit head), forgetting 0.135,
    // final accuracy 0.63; Naive forgets ~all.
    result.matrix.forEach((row, i) => expect(row[i]).toBeGreaterThan(0.45));
    expect(baseline.forgetting).toBeGreaterThan(0.8);
    expect(result.forgetting).toBeLessThan(baseline.forgetting - 0.5);
    expect(result.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.3);
  });

  it('validates its options, naming the field', () => {
    const model = new SimpleMLP({ hiddenSize: 8 });
    expect(() => cwrStar({ model, optimizer: sgd({ lr: 0.1 }), cwrLayerName: '' })).toThrow(/cwrLayerName/);
    expect(() => cwrStar({ model, optimizer: sgd({ lr: 0.1 }), freezeRemainingModel: 'yes' as unknown as boolean })).toThrow(/freezeRemainingModel.*"yes"/s);
    model.dispose();
  });
});
