// Shared by scripts/forgetting-comparison.ts and the strategies' real-data tests: trains a strategy on a
// scenario's train stream, evaluates the whole test stream after each experience, and reports final
// accuracy and forgetting.
import * as tf from '@tensorflow/tfjs';
import type { ContinualModel, Evaluator, Experience, MetricData, MetricHistory, StrategyContext } from '@avalanche-ts/core';
import type { SupervisedTemplate } from '../src/supervised-template.js';

/** Accuracy per evaluated experience (by `currentExperience`) of the last eval call. */
export function accuracyEvaluator(): Evaluator & { accuracies: Map<number, number> } {
  const accuracies = new Map<number, number>();
  let correct = 0;
  let seen = 0;
  return {
    name: 'harness-accuracy',
    accuracies,
    beforeEvalExp: () => {
      correct = 0;
      seen = 0;
    },
    afterEvalIteration: (ctx: StrategyContext) => {
      correct += tf.tidy(() => ctx.mbOutput!.argMax(1).equal(tf.cast(ctx.minibatch!.y, 'int32')).sum().dataSync()[0]);
      seen += ctx.minibatch!.y.shape[0];
    },
    afterEvalExp: (ctx: StrategyContext) => {
      accuracies.set(ctx.experience!.currentExperience, correct / seen);
    },
    getLastMetrics: (): Record<string, MetricData> => Object.fromEntries([...accuracies].map(([k, v]) => [`Top1_Acc_Exp/Exp${k}`, v])),
    getAllMetrics: (): Record<string, MetricHistory> => ({}),
  };
}

export interface RunResult {
  readonly name: string;
  /** matrix[i][j]: accuracy on test experience j after training on experience i. */
  readonly matrix: number[][];
  /** Mean accuracy over the test experiences after the last experience. */
  readonly finalAccuracy: number;
  /** Mean over j < T−1 of (accuracy on j right after training on j) − (final accuracy on j). */
  readonly forgetting: number;
  readonly seconds: number;
}

/**
 * Trains `strategy` experience by experience and evaluates `testStream` after each. The strategy must
 * have been built with `evaluator` (an {@link accuracyEvaluator}).
 */
export async function runStrategy(
  name: string,
  strategy: SupervisedTemplate,
  evaluator: ReturnType<typeof accuracyEvaluator>,
  trainStream: Iterable<Experience>,
  testStream: Iterable<Experience>,
): Promise<RunResult> {
  const start = performance.now();
  const tests = [...testStream];
  const matrix: number[][] = [];
  for (const exp of trainStream) {
    await strategy.train(exp);
    await strategy.eval(tests);
    matrix.push(tests.map((t) => evaluator.accuracies.get(t.currentExperience) ?? NaN));
  }
  return summarize(name, matrix, (performance.now() - start) / 1000);
}

export function summarize(name: string, matrix: number[][], seconds: number): RunResult {
  const last = matrix[matrix.length - 1];
  const finalAccuracy = mean(last);
  const drops = matrix.slice(0, -1).map((row, j) => row[j] - last[j]);
  return { name, matrix, finalAccuracy, forgetting: drops.length ? mean(drops) : 0, seconds };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sum of every trainable parameter's absolute value: a cheap fingerprint of a model's weights. */
export function weightFingerprint(model: ContinualModel): number {
  return tf.tidy(() => model.namedParameters().reduce((acc, [, v]) => acc + tf.sum(tf.abs(v)).dataSync()[0], 0));
}

/** One table row: name, final accuracy, forgetting, seconds. */
export function formatRow(r: RunResult): string {
  return `| ${r.name.padEnd(28)} | ${(100 * r.finalAccuracy).toFixed(1).padStart(6)} | ${(100 * r.forgetting).toFixed(1).padStart(6)} | ${r.seconds.toFixed(1).padStart(6)} |`;
}

/** The small real benchmarks the strategies' tests use (kept small so the suite stays fast). */
export const SMALL_BENCHMARK = { trainSamplesPerClass: 100, testSamplesPerClass: 50, seed: 0 } as const;

/** Options shared by every run of a comparison: SGD(lr), minibatch 32, one epoch, seed 0. */
export interface ComparisonSetup {
  readonly lr: number;
  readonly makeModel: () => ContinualModel;
  readonly optimizer: () => StrategyOptionsLike['optimizer'];
}

type StrategyOptionsLike = Parameters<typeof import('../src/naive.js').naive>[0];

/** Runs `factory` with a fresh model, the harness evaluator and the common options; disposes everything after. */
export async function runWith(
  name: string,
  factory: (options: StrategyOptionsLike) => SupervisedTemplate,
  setup: ComparisonSetup,
  trainStream: Iterable<Experience>,
  testStream: Iterable<Experience>,
): Promise<RunResult> {
  const model = setup.makeModel();
  const evaluator = accuracyEvaluator();
  const strategy = factory({ model, optimizer: setup.optimizer(), trainMbSize: 32, trainEpochs: 1, evalMbSize: 256, evaluator, seed: 0 });
  try {
    return await runStrategy(name, strategy, evaluator, trainStream, testStream);
  } finally {
    strategy.dispose();
    model.dispose();
  }
}
