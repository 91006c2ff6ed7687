import { initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { SimpleMLP } from '@avalanche-ts/models';
import { SMALL_BENCHMARK, runWith, type ComparisonSetup, type RunResult } from '../scripts/forgetting-harness.js';
import { gdumb } from './gdumb.js';
import { naive } from './naive.js';
import { sgd } from './sgd.js';

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head, no task labels).
const setup: ComparisonSetup = { lr: 0.1, makeModel: () => new SimpleMLP({ hiddenSize: 256, dropRate: 0 }), optimizer: () => sgd({ lr: 0.1 }) };
let streams: Awaited<ReturnType<typeof splitMNIST>>;
let baseline: RunResult;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  streams = await splitMNIST({ nExperiences: 5, ...SMALL_BENCHMARK });
  baseline = await runWith('Naive', (o) => naive(o), setup, streams.trainStream, streams.testStream);
});

describe('gdumb() on class-incremental SplitMNIST', () => {
  it('trains only on a class-balanced memory from scratch and ends far above Naive', async () => {
    // GDumb trains its 200-sample memory for 5 epochs per experience (still fewer steps than Naive's data).
    const result = await runWith('GDumb', (o) => gdumb({ ...o, trainEpochs: 5, memSize: 200 }), setup, streams.trainStream, streams.testStream);
    expect(result.matrix[0][0]).toBeGreaterThan(0.85);
    expect(result.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.3);
    expect(result.forgetting).toBeLessThan(baseline.forgetting - 0.3);
  });
});
