import type { ClassificationDataset } from '@avalanche-ts/core';

/**
 * Indices of the first `perClass` samples of every class, in dataset order: a class-balanced subset that
 * does not depend on how the file orders its classes (quick tests, small experiments).
 */
export function takePerClass(dataset: Pick<ClassificationDataset, 'targets'>, perClass: number): Int32Array {
  const taken = new Map<number, number>();
  const out: number[] = [];
  const { targets } = dataset;
  for (let i = 0; i < targets.length; i++) {
    const c = targets[i];
    const k = taken.get(c) ?? 0;
    if (k < perClass) {
      out.push(i);
      taken.set(c, k + 1);
    }
  }
  return Int32Array.from(out);
}
