// Online continual learning runs for the replay-family tests and bench-online.ts: trains a strategy on
// the sub-experiences of an online stream (built with `accessTaskBoundaries`, so the harness knows where
// the origin experiences end), evaluates the test stream after the last sub-experience of each origin
// experience, and reports final accuracy and forgetting like runStrategy.
import type { Experience } from '@avalanche-ts/core';
import type { SupervisedTemplate } from '../src/supervised-template.js';
import { summarize, type RunResult, type accuracyEvaluator } from './forgetting-harness.js';

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
