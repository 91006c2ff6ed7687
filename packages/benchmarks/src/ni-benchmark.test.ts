import { isSizedStream, type Experience } from '@avalanche-ts/core';
import { datasetFromArrays } from './dataset-from-arrays.js';
import { niBenchmark } from './ni-benchmark.js';

// 4 classes, unbalanced: class c has 10 + 3c samples (x = sample index).
const y = [0, 1, 2, 3].flatMap((c) => new Array(10 + 3 * c).fill(c));
const train = datasetFromArrays({ x: y.map((_, i) => [i]), y });
const testSet = datasetFromArrays({ x: [[0], [1], [2], [3]], y: [0, 1, 2, 3] });

function counts(exp: Experience): number[] {
  const c = [0, 0, 0, 0];
  for (const t of exp.dataset.targets) c[t]++;
  return c;
}

test('splits instances into equal-size experiences covering every sample once; one test experience', () => {
  const s = niBenchmark(train, testSet, { nExperiences: 3, seed: 1 });
  const exps = [...s.trainStream];
  expect(exps.map((e) => e.dataset.length)).toEqual([20, 19, 19]);
  const all = s.assignment.flatMap((a) => [...a]).sort((a, b) => a - b);
  expect(all).toEqual(y.map((_, i) => i));
  const test0 = [...s.testStream];
  expect(test0).toHaveLength(1);
  expect(test0[0].dataset.length).toBe(4);
  expect(exps[0].classesInThisExperience.length).toBeGreaterThan(1);
});

test('same seed, same assignment; different seed, different', () => {
  const a = niBenchmark(train, testSet, { nExperiences: 3, seed: 1 }).assignment.map((x) => [...x]);
  expect(niBenchmark(train, testSet, { nExperiences: 3, seed: 1 }).assignment.map((x) => [...x])).toEqual(a);
  expect(niBenchmark(train, testSet, { nExperiences: 3, seed: 2 }).assignment.map((x) => [...x])).not.toEqual(a);
});

test('balanceExperiences spreads every class evenly', () => {
  const s = niBenchmark(train, testSet, { nExperiences: 3, balanceExperiences: true });
  for (const exp of s.trainStream) {
    const c = counts(exp);
    // class c has 10 + 3c samples: floor((10 + 3c) / 3) or one more per experience.
    c.forEach((k, cls) => expect(Math.abs(k - (10 + 3 * cls) / 3)).toBeLessThanOrEqual(1));
  }
});

test('minClassPatternsInExp guarantees every class in every experience', () => {
  const s = niBenchmark(train, testSet, { nExperiences: 3, minClassPatternsInExp: 3, seed: 9 });
  for (const exp of s.trainStream) expect(Math.min(...counts(exp))).toBeGreaterThanOrEqual(3);
  expect(() => niBenchmark(train, testSet, { nExperiences: 3, minClassPatternsInExp: 4 })).toThrow(/class 0 has 10 samples for 3 experiences/);
});

test('fixedExpAssignment is used as given; task labels when asked', () => {
  const s = niBenchmark(train, testSet, { nExperiences: 2, fixedExpAssignment: [[0, 1, 2], [56, 57]], taskLabels: true });
  const [a, b] = [...s.trainStream];
  expect(Array.from(a.dataset.targets)).toEqual([0, 0, 0]);
  expect(Array.from(b.dataset.targets)).toEqual([3, 3]);
  expect(b.taskLabels).toEqual([1]);
  expect(() => niBenchmark(train, testSet, { nExperiences: 2, fixedExpAssignment: [[0], [999]] })).toThrow(/index 999/);
  if (!isSizedStream(s.trainStream)) throw new Error('sized');
  expect(s.trainStream.at(1).previousClasses).toEqual([0]);
});
