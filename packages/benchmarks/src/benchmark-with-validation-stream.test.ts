import { isSizedStream, type Experience, type SizedStream, type Stream } from '@avalanche-ts/core';
import { benchmarkWithValidationStream } from './benchmark-with-validation-stream.js';
import { datasetFromArrays } from './dataset-from-arrays.js';
import { lazyStream } from './lazy-stream.js';
import { makeExperience } from './make-experience.js';
import { ncBenchmark } from './nc-benchmark.js';
import { splitValidationClassBalanced, splitValidationRandom } from './validation-split.js';

// 4 classes x 10 samples; x = sample index, so splits can be checked by value.
const y = Array.from({ length: 40 }, (_, i) => i % 4);
const data = datasetFromArrays({ x: y.map((_, i) => [i]), y });
const bench = () => ncBenchmark(data, data, { nExperiences: 2, shuffle: false });

function sized(s: Stream): SizedStream {
  if (!isSizedStream(s)) throw new Error('expected a sized stream');
  return s;
}

test('random split without shuffle holds out the last samples; with shuffle, seeded', () => {
  const { train, valid } = splitValidationRandom(data, 0.25);
  expect(valid.length).toBe(10);
  expect(train.length).toBe(30);
  expect(Array.from(valid.targets)).toEqual(y.slice(30));
  const a = splitValidationRandom(data, 10, { shuffle: true, seed: 1 });
  const b = splitValidationRandom(data, 10, { shuffle: true, seed: 1 });
  const c = splitValidationRandom(data, 10, { shuffle: true, seed: 2 });
  expect(Array.from(a.valid.targets)).toEqual(Array.from(b.valid.targets));
  expect(a.valid.length).toBe(10);
  expect(Array.from(a.valid.targets).join() === Array.from(c.valid.targets).join() && Array.from(a.train.targets).join() === Array.from(c.train.targets).join()).toBe(false);
  expect(() => splitValidationRandom(data, 41)).toThrow(/at most 40 samples/);
});

test('class-balanced split holds out the same fraction of every class', () => {
  const { train, valid } = splitValidationClassBalanced(data, 0.3);
  const count = (t: Int32Array, c: number) => t.filter((v) => v === c).length;
  for (let c = 0; c < 4; c++) {
    expect(count(valid.targets, c)).toBe(3);
    expect(count(train.targets, c)).toBe(7);
  }
});

test('adds a valid stream aligned with train; test is untouched; timeline on both', () => {
  const base = bench();
  const s = benchmarkWithValidationStream(base, { validationSize: 0.2, shuffle: true, seed: 3 });
  expect(Object.keys(s.streams).sort()).toEqual(['test', 'train', 'valid']);
  const train = sized(s.trainStream);
  const valid = sized(s.streams.valid);
  expect(train.length).toBe(2);
  expect(valid.length).toBe(2);
  for (let e = 0; e < 2; e++) {
    expect(train.at(e).dataset.length).toBe(16);
    expect(valid.at(e).dataset.length).toBe(4);
    expect(valid.at(e).streamName).toBe('valid');
  }
  expect(valid.at(1).previousClasses).toEqual(expect.arrayContaining(valid.at(0).classesInThisExperience as number[]));
  expect(s.testStream).toBe(base.testStream);
  const cb = benchmarkWithValidationStream(base, { validationSize: 0.5, splitStrategy: 'classBalanced' });
  expect(sized(cb.streams.valid).at(0).classesInThisExperience).toEqual([0, 1]);
});

test('a lazy train stream stays lazy and can be iterated twice', () => {
  let produced = 0;
  const base = bench();
  const lazyTrain = lazyStream<Experience>('train', function* () {
    for (const exp of base.trainStream) {
      produced++;
      yield makeExperience({ dataset: exp.dataset, streamName: 'train', currentExperience: exp.currentExperience });
    }
  });
  const s = benchmarkWithValidationStream({ ...base, trainStream: lazyTrain, streams: { ...base.streams, train: lazyTrain } }, { validationSize: 0.5 });
  expect(produced).toBe(0);
  const first = s.streams.valid[Symbol.iterator]().next().value as Experience;
  expect(first.dataset.length).toBe(10);
  expect(produced).toBe(1);
  expect([...s.streams.valid].map((e) => e.dataset.length)).toEqual([10, 10]);
  expect([...s.trainStream].map((e) => e.dataset.length)).toEqual([10, 10]);
  expect([...s.streams.valid]).toHaveLength(2);
  expect(produced).toBe(2);
});
