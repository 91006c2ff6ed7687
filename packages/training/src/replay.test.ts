import { initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { SimpleMLP } from '@avalanche-ts/models';
import { SMALL_BENCHMARK, runWith, type ComparisonSetup, type RunResult } from '../scripts/forgetting-harness.js';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { herdingSelection } from './exemplars-selection-strategy.js';
import { naive } from './naive.js';
import { ParametricBuffer } from './parametric-buffer.js';
import { replay } from './replay.js';
import { sgd } from './sgd.js';

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head, no task labels): Naive
// forgets almost everything; replay is meant to help.
const setup: ComparisonSetup = { lr: 0.1, makeModel: () => new SimpleMLP({ hiddenSize: 256, dropRate: 0 }), optimizer: () => sgd({ lr: 0.1 }) };
let streams: Awaited<ReturnType<typeof splitMNIST>>;
let baseline: RunResult;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  streams = await splitMNIST({ nExperiences: 5, ...SMALL_BENCHMARK });
  baseline = await runWith('Naive', (o) => naive(o), setup, streams.trainStream, streams.testStream);
});

describe('replay() on class-incremental SplitMNIST', () => {
  it('learns each experience and forgets far less than Naive with the same seed', async () => {
    const result = await runWith('Replay', (o) => replay({ ...o, memSize: 200 }), setup, streams.trainStream, streams.testStream);
    result.matrix.forEach((row, i) => expect(row[i]).toBeGreaterThan(0.85));
    expect(baseline.forgetting).toBeGreaterThan(0.8);
    expect(result.forgetting).toBeLessThan(baseline.forgetting - 0.3);
    expect(result.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.2);
  });

  it('also works with a class-balanced and a herding parametric memory', async () => {
    for (const storagePolicy of [new ClassBalancedBuffer({ maxSize: 200 }), new ParametricBuffer({ maxSize: 200, groupBy: 'class', selectionStrategy: herdingSelection() })]) {
      const result = await runWith('Replay', (o) => replay({ ...o, storagePolicy }), setup, streams.trainStream, streams.testStream);
      expect(result.forgetting).toBeLessThan(baseline.forgetting - 0.3);
    }
  });
});
