import { initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { SimpleMLP } from '@avalanche-ts/models';
import { SMALL_BENCHMARK, runWith, type ComparisonSetup, type RunResult } from '../../scripts/forgetting-harness.js';
import { naive } from '../naive.js';
import { sgd } from '../sgd.js';

/**
 * The two small SplitMNIST scenarios (5 experiences of two digits) of the strategies' real-data tests:
 * - `domain`: labels 0/1 in each experience and one shared 2-unit head, where Naive forgets badly;
 * - `class`: one 10-unit head, where Naive forgets almost everything.
 */
export type IncrementalSetting = 'domain' | 'class';

type Streams = Awaited<ReturnType<typeof splitMNIST>>;

export interface MlpSetup extends ComparisonSetup {
  readonly makeModel: () => SimpleMLP;
}

export interface NaiveComparisonOptions {
  /** Hidden units of the SimpleMLP (default 256). */
  readonly hiddenSize?: number;
  /** The baseline's strategy (default `naive(o)`). */
  readonly naive?: Parameters<typeof runWith>[1];
}

export interface NaiveComparison {
  /** SimpleMLP (no dropout) and SGD(lr 0.1), for every run of the comparison. */
  readonly setup: MlpSetup;
  /** The benchmark (ready once the `beforeAll` has run). */
  readonly streams: Streams;
  /** Naive on the same streams, setup and seed (ready once the `beforeAll` has run). */
  readonly baseline: RunResult;
  /** Runs `factory` on the same streams, with the baseline's setup unless another is given. */
  run(name: string, factory: Parameters<typeof runWith>[1], setup?: ComparisonSetup): Promise<RunResult>;
  /** Expects `result` to satisfy `bounds` against the baseline, in the order of their fields. */
  expectBetterThanNaive(result: RunResult, bounds: BetterThanNaive): void;
}

/** What a run must show against Naive; an absent bound is not checked. */
export interface BetterThanNaive {
  /** Each experience's accuracy right after training on it is above this. */
  readonly learned?: number;
  /** Naive's forgetting is above this (the scenario does make Naive forget). */
  readonly naiveForgets?: number;
  /** The run's forgetting is below Naive's minus this. */
  readonly forgetsLessBy: number;
  /** The run's final accuracy is above Naive's plus this. */
  readonly moreAccurateBy?: number;
}

/**
 * Registers a `beforeAll` that selects the wasm backend, loads the `setting` scenario (seed 0,
 * {@link SMALL_BENCHMARK}) and trains Naive (or `options.naive`) on it once as the baseline of the
 * file's comparisons.
 */
export function naiveComparison(setting: IncrementalSetting, { hiddenSize = 256, naive: baselineFactory = (o) => naive(o) }: NaiveComparisonOptions = {}): NaiveComparison {
  const setup: MlpSetup = {
    lr: 0.1,
    makeModel: () => new SimpleMLP(setting === 'domain' ? { numClasses: 2, hiddenSize, dropRate: 0 } : { hiddenSize, dropRate: 0 }),
    optimizer: () => sgd({ lr: 0.1 }),
  };
  let streams: Streams | undefined;
  let baseline: RunResult | undefined;
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
    streams = await splitMNIST(setting === 'domain' ? { nExperiences: 5, classIdsFromZeroInEachExp: true, ...SMALL_BENCHMARK } : { nExperiences: 5, ...SMALL_BENCHMARK });
    baseline = await runWith('Naive', baselineFactory, setup, streams.trainStream, streams.testStream);
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('naiveComparison: used before its beforeAll ran');
    return value;
  };
  return {
    setup,
    get streams() {
      return ready(streams);
    },
    get baseline() {
      return ready(baseline);
    },
    run: (name, factory, runSetup = setup) => {
      const { trainStream, testStream } = ready(streams);
      return runWith(name, factory, runSetup, trainStream, testStream);
    },
    expectBetterThanNaive: (result, { learned, naiveForgets, forgetsLessBy, moreAccurateBy }) => {
      const naiveRun = ready(baseline);
      if (learned !== undefined) result.matrix.forEach((row, i) => expect(row[i]).toBeGreaterThan(learned));
      if (naiveForgets !== undefined) expect(naiveRun.forgetting).toBeGreaterThan(naiveForgets);
      expect(result.forgetting).toBeLessThan(naiveRun.forgetting - forgetsLessBy);
      if (moreAccurateBy !== undefined) expect(result.finalAccuracy).toBeGreaterThan(naiveRun.finalAccuracy + moreAccurateBy);
    },
  };
}
