import type { Experience } from '@avalanche-ts/core';
import { datasetFromArrays } from './dataset-from-arrays.js';
import { ncBenchmark } from './nc-benchmark.js';
import { splitOnlineStream } from './split-online-stream.js';

const y = Array.from({ length: 30 }, (_, i) => i % 3);
const data = datasetFromArrays({ x: y.map((_, i) => [i]), y });
const bench = ncBenchmark(data, data, { nExperiences: 3, shuffle: false }); // 10 samples per experience

test('cuts each experience into fixed-size sub-experiences, lazily, named <stream>_online', () => {
  const online = splitOnlineStream(bench.trainStream, 4);
  expect(online.name).toBe('train_online');
  expect(online.producedCount).toBe(0);
  const exps = [...online];
  expect(exps.map((e) => e.dataset.length)).toEqual([4, 4, 2, 4, 4, 2, 4, 4, 2]);
  expect(exps.map((e) => e.currentExperience)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  expect(exps[4].classesInThisExperience).toEqual([1]);
  expect(splitOnlineStream(bench.trainStream, 4, { dropLast: true })[Symbol.iterator]().next().value?.dataset.length).toBe(4);
  expect([...splitOnlineStream(bench.trainStream, 4, { dropLast: true })]).toHaveLength(6);
});

test('boundaries are hidden unless accessTaskBoundaries', () => {
  for (const e of splitOnlineStream(bench.trainStream, 4)) expect(e.online).toBeUndefined();
  const exps: Experience[] = [...splitOnlineStream(bench.trainStream, 4, { accessTaskBoundaries: true })];
  expect(exps.map((e) => [e.online?.isFirstSubexp, e.online?.isLastSubexp])).toEqual([
    [true, false], [false, false], [false, true],
    [true, false], [false, false], [false, true],
    [true, false], [false, false], [false, true],
  ]);
  expect(exps[3].online?.originExperience.currentExperience).toBe(1);
  expect(exps[2].online?.subExpSize).toBe(2);
});

test('shuffles within an experience from the seed; memoised when iterated twice', () => {
  const a = splitOnlineStream(bench.trainStream, 5, { seed: 1 });
  expect([...a]).toHaveLength(6);
  expect([...a][0]).toBe([...a][0]);
  // Experience 0 holds only class 0, so compare sample identity (x = sample index) rather than targets.
  const ids = (seed: number, shuffle = true) =>
    [...splitOnlineStream(bench.trainStream, 5, { seed, shuffle })].slice(0, 2).map((e) => {
      const b = e.dataset.getBatch(Array.from({ length: e.dataset.length }, (_, i) => i));
      const v = Array.from(b.x.dataSync());
      b.x.dispose();
      b.y.dispose();
      b.taskLabels.dispose();
      return v;
    });
  expect(ids(1)).toEqual(ids(1));
  expect(ids(1)).not.toEqual(ids(2));
  expect(ids(0, false)).toEqual([[0, 3, 6, 9, 12], [15, 18, 21, 24, 27]]);
});
