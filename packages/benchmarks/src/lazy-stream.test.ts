import { makeExperience } from './make-experience.js';
import { datasetFromArrays } from './dataset-from-arrays.js';
import { lazyStream } from './lazy-stream.js';

const ds = datasetFromArrays({ x: [[1], [2]], y: [0, 1] });

test('a generator is run once and memoised: two iterations see the same experiences', () => {
  let calls = 0;
  const stream = lazyStream('train', function* () {
    for (let i = 0; i < 3; i++) {
      calls++;
      yield makeExperience({ dataset: ds.subset([i % 2]), streamName: 'train', currentExperience: i });
    }
  });
  expect(calls).toBe(0);
  const it = stream[Symbol.iterator]();
  const first = it.next().value;
  expect(calls).toBe(1);
  expect(stream.producedCount).toBe(1);
  const all1 = [...stream];
  const all2 = [...stream];
  expect(all1).toHaveLength(3);
  expect(all2[0]).toBe(first);
  expect(all2).toEqual(all1);
  expect(calls).toBe(3);
  expect(stream.exhausted).toBe(true);
  // An iterator opened before exhaustion continues from the memo.
  expect(it.next().value).toBe(all1[1]);
});

test('accepts an iterable too', () => {
  const exps = [0, 1].map((i) => makeExperience({ dataset: ds, streamName: 's', currentExperience: i }));
  const s = lazyStream('s', exps);
  expect([...s]).toEqual(exps);
  expect([...s]).toEqual(exps);
});
