import { initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { SimpleMLP } from '@avalanche-ts/models';
import { SMALL_BENCHMARK, runWith, type ComparisonSetup, type RunResult } from '../scripts/forgetting-harness.js';
import { gem } from './gem.js';
import { naive } from './naive.js';
import { sgd } from './sgd.js';

// Domain-incremental SplitMNIST (5 experiences of two digits, labels 0/1 in each, one shared 2-unit head):
// Naive forgets badly here, and the method is meant to help.
const setup: ComparisonSetup = { lr: 0.1, makeModel: () => new SimpleMLP({ numClasses: 2, hiddenSize: 256, dropRate: 0 }), optimizer: () => sgd({ lr: 0.1 }) };
let streams: Awaited<ReturnType<typeof splitMNIST>>;
let baseline: RunResult;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  streams = await splitMNIST({ nExperiences: 5, classIdsFromZeroInEachExp: true, ...SMALL_BENCHMARK });
  baseline = await runWith('Naive', (o) => naive(o), setup, streams.trainStream, streams.testStream);
});

describe('gem() on domain-incremental SplitMNIST', () => {
  it('learns each experience and forgets less than Naive with the same seed', async () => {
    const result = await runWith('gem()', (o) => gem({ ...o, patternsPerExp: 64, memoryStrength: 0.5 }), setup, streams.trainStream, streams.testStream);
    result.matrix.forEach((row, i) => expect(row[i]).toBeGreaterThan(0.85));
    expect(baseline.forgetting).toBeGreaterThan(0.15);
    expect(result.forgetting).toBeLessThan(baseline.forgetting - 0.1);
    expect(result.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.05);
  });
});
