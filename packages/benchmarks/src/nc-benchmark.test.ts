import { ValidationError, disposeMinibatch, initBackend, isSizedStream, type SizedStream, type Stream } from '@avalanche-ts/core';
import { datasetFromArrays } from './dataset-from-arrays.js';
import { ncBenchmark } from './nc-benchmark.js';
import type { SampleTransform } from './sample-transform.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

// 10 classes x 6 train samples (x = class id), 10 x 2 test samples.
function data(nClasses = 10, perClass = 6) {
  const y = Array.from({ length: nClasses * perClass }, (_, i) => i % nClasses);
  return datasetFromArrays({ x: y.map((c) => [c]), y });
}
const train = data();
const testSet = data(10, 2);

function sized<S extends Stream>(s: S): SizedStream {
  if (!isSizedStream(s)) throw new Error('expected a sized stream');
  return s;
}

test('splits classes evenly; train and test experiences share the partition', () => {
  const s = ncBenchmark(train, testSet, { nExperiences: 5, seed: 3 });
  const tr = sized(s.trainStream);
  const te = sized(s.testStream);
  expect(tr.length).toBe(5);
  expect(te.length).toBe(5);
  expect(s.nClassesPerExp).toEqual([2, 2, 2, 2, 2]);
  for (let e = 0; e < 5; e++) {
    const exp = tr.at(e);
    expect(exp.classesInThisExperience).toEqual([...s.classesOrder.slice(2 * e, 2 * e + 2)].sort((a, b) => a - b));
    expect(exp.dataset.length).toBe(12);
    expect(te.at(e).classesInThisExperience).toEqual(exp.classesInThisExperience);
    expect(te.at(e).dataset.length).toBe(4);
    expect(exp.dataset.transformGroup).toBe('train');
    expect(te.at(e).dataset.transformGroup).toBe('eval');
    expect(exp.benchmark?.classesOrder).toEqual(s.classesOrder);
  }
});

test('same seed, same class order; different seed, different order; no shuffle is ascending', () => {
  const a = ncBenchmark(train, testSet, { nExperiences: 5, seed: 1 }).classesOrder;
  expect(ncBenchmark(train, testSet, { nExperiences: 5, seed: 1 }).classesOrder).toEqual(a);
  expect(ncBenchmark(train, testSet, { nExperiences: 5, seed: 2 }).classesOrder).not.toEqual(a);
  expect([...a].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(ncBenchmark(train, testSet, { nExperiences: 5, shuffle: false }).classesOrder).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('fixedClassOrder wins over shuffle and may hold fewer classes', () => {
  const s = ncBenchmark(train, testSet, { nExperiences: 2, fixedClassOrder: [9, 3, 5, 1], seed: 7 });
  expect(s.classesOrder).toEqual([9, 3, 5, 1]);
  expect(s.originalClassesInExp).toEqual([[9, 3], [5, 1]]);
  expect(sized(s.trainStream).at(0).classesInThisExperience).toEqual([3, 9]);
  expect(s.classMapping[0]).toBe(-1);
  expect(() => ncBenchmark(train, testSet, { nExperiences: 2, fixedClassOrder: [1, 42] })).toThrow(/classes \[42\] are not in the train set/);
});

test('perExpClasses fixes some experience sizes; uneven splits are rejected', () => {
  const s = ncBenchmark(train, testSet, { nExperiences: 6, perExpClasses: { 0: 5 }, shuffle: false });
  expect(s.nClassesPerExp).toEqual([5, 1, 1, 1, 1, 1]);
  expect(() => ncBenchmark(train, testSet, { nExperiences: 3 })).toThrow(/10 classes cannot be split into 3 experiences/);
  expect(() => ncBenchmark(train, testSet, { nExperiences: 0 })).toThrow(ValidationError);
});

test('class-id remapping: from zero from first exp, from zero in each exp', () => {
  const first = ncBenchmark(train, testSet, { nExperiences: 5, seed: 4, classIdsFromZeroFromFirstExp: true });
  expect(first.classesOrder).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const tr = sized(first.trainStream);
  expect(tr.at(1).classesInThisExperience).toEqual([2, 3]);
  // Inputs still carry the original class (x = original id), targets are remapped.
  const b = tr.at(0).dataset.getBatch([0]);
  expect(first.classMapping[Math.round(b.x.dataSync()[0])]).toBe(b.y.dataSync()[0]);
  disposeMinibatch(b);
  const each = ncBenchmark(train, testSet, { nExperiences: 5, seed: 4, classIdsFromZeroInEachExp: true });
  for (const exp of each.trainStream) expect(exp.classesInThisExperience).toEqual([0, 1]);
  expect(() => ncBenchmark(train, testSet, { nExperiences: 5, classIdsFromZeroInEachExp: true, classIdsFromZeroFromFirstExp: true })).toThrow(/mutually exclusive/);
});

test('task labels: experience i gets task i in train and test', () => {
  const s = ncBenchmark(train, testSet, { nExperiences: 5, taskLabels: true });
  [...s.trainStream].forEach((exp, i) => {
    expect(exp.taskLabels).toEqual([i]);
    expect(new Set(exp.dataset.taskLabels)).toEqual(new Set([i]));
  });
  [...s.testStream].forEach((exp, i) => expect(exp.taskLabels).toEqual([i]));
  for (const exp of ncBenchmark(train, testSet, { nExperiences: 5 }).trainStream) expect(exp.taskLabels).toEqual([0]);
});

test('classes timeline: previous, seen so far and future classes', () => {
  const s = ncBenchmark(train, testSet, { nExperiences: 5, shuffle: false });
  const e2 = sized(s.trainStream).at(2);
  expect(e2.previousClasses).toEqual([0, 1, 2, 3]);
  expect(e2.classesSeenSoFar).toEqual([0, 1, 2, 3, 4, 5]);
  expect(e2.futureClasses).toEqual([6, 7, 8, 9]);
  expect(sized(s.testStream).at(4).futureClasses).toEqual([]);
});

test('oneDatasetPerExp: one experience per dataset, classes shifted then optionally remapped', () => {
  const small = data(3, 2);
  const s = ncBenchmark([small, small], [small, small], { nExperiences: 2, oneDatasetPerExp: true, shuffle: false });
  expect(s.classesInExperience.train).toEqual([[0, 1, 2], [3, 4, 5]]);
  const z = ncBenchmark([small, small], [small, small], { nExperiences: 2, oneDatasetPerExp: true, shuffle: false, classIdsFromZeroInEachExp: true });
  expect(z.classesInExperience.train).toEqual([[0, 1, 2], [0, 1, 2]]);
  expect(z.nClasses).toBe(3);
});

test('train/eval transforms are installed as groups', () => {
  const plus: SampleTransform = { name: 'plus100', random: false, apply: (s) => s.forEach((v, i) => (s[i] = v + 100)) };
  const s = ncBenchmark(train, testSet, { nExperiences: 5, shuffle: false, trainTransform: [plus], evalTransform: [] });
  const tb = sized(s.trainStream).at(0).dataset.getBatch([0]);
  const eb = sized(s.testStream).at(0).dataset.getBatch([0]);
  expect(tb.x.dataSync()[0]).toBe(100);
  expect(eb.x.dataSync()[0]).toBe(0);
  disposeMinibatch(tb);
  disposeMinibatch(eb);
});

test('rejects unknown option names', () => {
  expect(() => ncBenchmark(train, testSet, { nExperiences: 5, sed: 1 } as never)).toThrow(/ncBenchmarkOptions/);
});
