// Shared by the strategies' tensor-leak tests: trains a whole strategy (not just one plugin) on a fake
// class-incremental scenario, counting live tensors after each experience.
import * as tf from '@tensorflow/tfjs';
import type { ContinualModel, Experience } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import type { StrategyOptions } from '../src/strategy-options.js';
import { sgd } from '../src/sgd.js';
import type { SupervisedTemplate } from '../src/supervised-template.js';

export interface StrategyCountingRun {
  /** Live tensors after each experience (train then eval on it). */
  readonly counts: number[];
  /** Live tensors before the strategy existed and after it was disposed (the model excluded). */
  readonly before: number;
  readonly afterDispose: number;
  /** Live tensors before the model was built and after it was disposed too (state a model holds, e.g. class means, counts here). */
  readonly beforeModel: number;
  readonly afterModelDispose: number;
}

/** Trains `make(options)` on `nExperiences` fake experiences (2 classes each, 8 features), counting tensors. */
export async function countStrategyTensors(
  make: (options: StrategyOptions, experiences: Experience[]) => SupervisedTemplate,
  options: { nExperiences?: number; taskLabels?: boolean; makeModel?: (nClasses: number) => ContinualModel } = {},
): Promise<StrategyCountingRun> {
  const scenario = fakeScenario({ nExperiences: options.nExperiences ?? 4, taskLabels: options.taskLabels, samplesPerClass: 12, seed: 3 });
  const experiences = [...scenario.trainStream];
  const nClasses = 2 * experiences.length;
  const beforeModel = tf.memory().numTensors;
  const model = options.makeModel ? options.makeModel(nClasses) : new TinyModel({ inputSize: 8, nClasses, seed: 1 });
  const before = tf.memory().numTensors;
  const strategy = make({ model, optimizer: sgd({ lr: 0.05 }), trainMbSize: 8, evalMbSize: 16, seed: 7 }, experiences);
  const counts: number[] = [];
  for (const exp of experiences) {
    await strategy.train(exp);
    await strategy.eval(exp);
    counts.push(tf.memory().numTensors);
  }
  strategy.dispose();
  const afterDispose = tf.memory().numTensors;
  model.dispose();
  return { counts, before, afterDispose, beforeModel, afterModelDispose: tf.memory().numTensors };
}
