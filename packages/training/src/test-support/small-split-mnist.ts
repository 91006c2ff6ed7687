import type { Experience } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';

/** SplitMNIST on MNIST-10k + the real test set, cut to `perClass` train / `testPerClass` test samples per class. */
export async function smallSplitMnist(perClass = 80, testPerClass = 30, nExperiences = 5): Promise<{ train: Experience[]; test: Experience[] }> {
  const scenario = await splitMNIST({ trainSamplesPerClass: perClass, testSamplesPerClass: testPerClass, nExperiences, seed: 1 });
  return { train: [...scenario.trainStream], test: [...scenario.testStream] };
}

/** Mean of the `Top1_Acc_Exp` values of the given metrics. */
export function meanExpAccuracy(metrics: Record<string, unknown>): number {
  const values = Object.entries(metrics)
    .filter(([k]) => k.startsWith('Top1_Acc_Exp/'))
    .map(([, v]) => v as number);
  return values.reduce((a, b) => a + b, 0) / values.length;
}
