// Test helper (not exported): a small class-incremental scenario, a tiny model, and independent
// reference computations the metric tests compare against.
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, ContinualModel, Experience, MetricValue, Logger } from '@avalanche-ts/core';
import { fakeScenario, TinyModel } from '@avalanche-ts/core/testing';

export function fixture(seed = 0) {
  const scenario = fakeScenario({ nExperiences: 3, classesPerExperience: 2, samplesPerClass: 12, testSamplesPerClass: 5, inputSize: 8, seed });
  const model = new TinyModel({ inputSize: 8, hiddenSize: 16, nClasses: 6, seed });
  return { scenario, model, train: [...scenario.trainStream], test: [...scenario.testStream] };
}

/** Predictions of `model` on every sample of `experiences`, computed directly (not through any metric). */
export function predictionsOf(model: ContinualModel, experiences: readonly Experience[]): { predicted: number[]; targets: number[]; experience: number[] } {
  const predicted: number[] = [];
  const targets: number[] = [];
  const experience: number[] = [];
  for (const exp of experiences) {
    const ds = exp.dataset.eval();
    const batch = ds.getBatch(Int32Array.from({ length: ds.length }, (_, i) => i));
    const pred = tf.tidy(() => model.forward(batch.x).argMax(1));
    predicted.push(...(pred.dataSync() as Int32Array));
    targets.push(...(batch.y.dataSync() as Int32Array));
    experience.push(...new Array<number>(ds.length).fill(exp.currentExperience));
    tf.dispose([pred, batch.x, batch.y, batch.taskLabels]);
  }
  return { predicted, targets, experience };
}

/** Fraction of equal entries. */
export function accuracyOf(predicted: readonly number[], targets: readonly number[]): number {
  let c = 0;
  for (let i = 0; i < targets.length; i++) if (predicted[i] === targets[i]) c++;
  return c / targets.length;
}

/** A logger that records every batch of values and every hook it was called from. */
export function recordingLogger(): Logger & { readonly batches: MetricValue[][]; readonly hooks: string[] } {
  const batches: MetricValue[][] = [];
  const hooks: string[] = [];
  return {
    name: 'RecordingLogger',
    batches,
    hooks,
    logMetrics(values) {
      batches.push([...values]);
    },
    afterTrainingEpoch() {
      hooks.push('afterTrainingEpoch');
    },
    afterEval() {
      hooks.push('afterEval');
    },
  };
}

/** The backend the tests run on: 'cpu' unless AVALANCHE_BACKEND names another (AVALANCHE_BACKEND=wasm npx jest). */
export function testBackend(): BackendChoice {
  return (process.env.AVALANCHE_BACKEND as BackendChoice | undefined) ?? 'cpu';
}
