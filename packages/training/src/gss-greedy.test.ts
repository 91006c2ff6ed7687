import { initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { SimpleMLP } from '@avalanche-ts/models';
import { SMALL_BENCHMARK, runWith, type ComparisonSetup, type RunResult } from '../scripts/forgetting-harness.js';
import { meanCurrentAccuracy } from '../scripts/strategy-harness.js';
import { gssGreedy } from './gss-greedy.js';
import { naive } from './naive.js';
import { sgd } from './sgd.js';

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head, no task labels). A narrower
// MLP than the other tests: GSS takes one backward pass per incoming sample.
const setup: ComparisonSetup = { lr: 0.1, makeModel: () => new SimpleMLP({ hiddenSize: 64, dropRate: 0 }), optimizer: () => sgd({ lr: 0.1 }) };
let streams: Awaited<ReturnType<typeof splitMNIST>>;
let baseline: RunResult;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  streams = await splitMNIST({ nExperiences: 5, ...SMALL_BENCHMARK });
  baseline = await runWith('Naive', (o) => naive(o), setup, streams.trainStream, streams.testStream);
});

describe('gssGreedy() on class-incremental SplitMNIST', () => {
  it('learns each experience and forgets far less than Naive with the same seed', async () => {
    const result = await runWith('GSS-greedy', (o) => gssGreedy({ ...o, memSize: 200 }), setup, streams.trainStream, streams.testStream);
    // Mean accuracy on each experience right after training on it (chance is 0.1 with 10 outputs).
    expect(meanCurrentAccuracy(result)).toBeGreaterThan(0.4);
    expect(baseline.forgetting).toBeGreaterThan(0.6);
    expect(result.forgetting).toBeLessThan(baseline.forgetting - 0.3);
    expect(result.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.2);
  });
});
