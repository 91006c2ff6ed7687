// Test helpers for strategies built by a factory (the plugin harness covers lone plugins): train on fake
// experiences counting live tensors after each, with the strategy's criterion and plugins wired as the
// factory wires them.
import * as tf from '@tensorflow/tfjs';
import type { ContinualModel, Experience } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { sgd } from '../src/sgd.js';
import type { StrategyOptions } from '../src/strategy-options.js';
import type { SupervisedTemplate } from '../src/supervised-template.js';

export interface StrategyCountingRun {
  /** Live tensors after each experience (train + eval). */
  readonly counts: number[];
  /** Live tensors before the strategy existed and after it was disposed (the model excluded). */
  readonly before: number;
  readonly afterDispose: number;
  readonly experiences: Experience[];
}

/** Trains `make(options)` on `nExperiences` fake experiences (8 features, 2 classes each), counting tensors. */
export async function countStrategyTensors(
  make: (options: StrategyOptions, experiences: Experience[]) => SupervisedTemplate,
  options: { nExperiences?: number; trainMbSize?: number; makeModel?: (nClasses: number) => ContinualModel; afterTraining?: (strategy: SupervisedTemplate, experiences: Experience[]) => Promise<void> } = {},
): Promise<StrategyCountingRun> {
  const scenario = fakeScenario({ nExperiences: options.nExperiences ?? 4, samplesPerClass: 12, seed: 3 });
  const experiences = [...scenario.trainStream];
  const model = options.makeModel ? options.makeModel(2 * experiences.length) : new TinyModel({ inputSize: 8, nClasses: 2 * experiences.length, seed: 1 });
  const before = tf.memory().numTensors;
  const strategy = make({ model, optimizer: sgd({ lr: 0.05 }), trainMbSize: options.trainMbSize ?? 8, seed: 7 }, experiences);
  const counts: number[] = [];
  for (const exp of experiences) {
    await strategy.train(exp);
    await strategy.eval(exp);
    counts.push(tf.memory().numTensors);
  }
  if (options.afterTraining) await options.afterTraining(strategy, experiences);
  strategy.dispose();
  const afterDispose = tf.memory().numTensors;
  model.dispose();
  return { counts, before, afterDispose, experiences };
}

/** Mean over experiences of the accuracy on each experience right after training on it (the matrix diagonal). */
export function meanCurrentAccuracy(result: { readonly matrix: number[][] }): number {
  const diag = result.matrix.map((row, i) => row[i]);
  return diag.reduce((a, b) => a + b, 0) / diag.length;
}
