// Online continual learning runs for the replay-family tests and bench-online.ts: trains a strategy on
// the sub-experiences of an online stream (built with `accessTaskBoundaries`, so the harness knows where
// the origin experiences end), evaluates the test stream after the last sub-experience of each origin
// experience, and reports final accuracy and forgetting like runStrategy.
import type { ContinualModel, Experience, Stream } from '@avalanche-ts/core';
import { splitOnlineStream } from '@avalanche-ts/benchmarks';
import type { naive } from '../src/naive.js';
import { sgd } from '../src/sgd.js';
import type { SupervisedTemplate } from '../src/supervised-template.js';
import { accuracyEvaluator, summarize, type RunResult } from './forgetting-harness.js';

export interface OnlineRunResult extends RunResult {
  /** Training samples seen (sub-experience sizes summed). */
  readonly samples: number;
  /** Seconds spent in `train()` only (no evaluation). */
  readonly trainSeconds: number;
}

/** Trains on every sub-experience of `onlineStream` (one `train()` call each, as an online learner receives them). */
export async function runOnline(
  name: string,
  strategy: SupervisedTemplate,
  evaluator: ReturnType<typeof accuracyEvaluator>,
  onlineStream: Iterable<Experience>,
  testStream: Iterable<Experience>,
): Promise<OnlineRunResult> {
  const start = performance.now();
  const tests = [...testStream];
  const matrix: number[][] = [];
  let samples = 0;
  let trainMs = 0;
  for (const exp of onlineStream) {
    const t0 = performance.now();
    await strategy.train(exp);
    trainMs += performance.now() - t0;
    samples += exp.dataset.length;
    if (exp.online === undefined) throw new Error('runOnline needs a stream built with accessTaskBoundaries: true');
    if (exp.online.isLastSubexp) {
      await strategy.eval(tests);
      matrix.push(tests.map((t) => evaluator.accuracies.get(t.currentExperience) ?? NaN));
    }
  }
  return { ...summarize(name, matrix, (performance.now() - start) / 1000), samples, trainSeconds: trainMs / 1000 };
}

/** What an online test varies: the model and the SGD learning rate (minibatch 10, eval 256, seed 0). */
export interface OnlineSetup {
  readonly makeModel: () => ContinualModel;
  readonly lr: number;
}

/**
 * Builds the strategy with `make` on a fresh model and runs it online on `trainStream` cut into
 * experiences of 10 samples; disposes the strategy and the model after.
 */
export async function runOnlineWith(
  name: string,
  make: typeof naive,
  setup: OnlineSetup,
  trainStream: Stream,
  testStream: Iterable<Experience>,
): Promise<OnlineRunResult> {
  const model = setup.makeModel();
  const evaluator = accuracyEvaluator();
  const strategy = make({ model, optimizer: sgd({ lr: setup.lr }), trainMbSize: 10, evalMbSize: 256, evaluator, seed: 0 });
  try {
    return await runOnline(name, strategy, evaluator, splitOnlineStream(trainStream, 10, { accessTaskBoundaries: true }), testStream);
  } finally {
    strategy.dispose();
    model.dispose();
  }
}
