import { ListStream } from '@avalanche-ts/core';
import { classesTimeline, withClassesTimeline } from './classes-timeline.js';
import { datasetFromArrays } from './dataset-from-arrays.js';
import { makeExperience } from './make-experience.js';

test('previous, seen-so-far and future classes, with classes that come back', () => {
  const t = classesTimeline([[3, 1], [2], [1, 4], [5]]);
  expect(t[0]).toEqual({ classesInThisExperience: [1, 3], previousClasses: [], classesSeenSoFar: [1, 3], futureClasses: [2, 4, 5] });
  expect(t[2]).toEqual({ classesInThisExperience: [1, 4], previousClasses: [1, 2, 3], classesSeenSoFar: [1, 2, 3, 4], futureClasses: [5] });
  // Class 1 returns in experience 2 but was seen already, so it is never "future" after experience 0.
  expect(t[1].futureClasses).toEqual([4, 5]);
  expect(t[3].futureClasses).toEqual([]);
});

test('withClassesTimeline fills the fields on a stream built without them', () => {
  const ds = datasetFromArrays({ x: [[0], [1], [2]], y: [0, 1, 2] });
  const stream = ListStream.fromArray('train', [ds.subset([0, 1]), ds.subset([2])].map((d, i) => makeExperience({ dataset: d, streamName: 'train', currentExperience: i })));
  expect(stream.at(0).futureClasses).toBeUndefined();
  const filled = withClassesTimeline(stream);
  expect(filled.at(0).futureClasses).toEqual([2]);
  expect(filled.at(1).previousClasses).toEqual([0, 1]);
  expect(filled.at(1).dataset).toBe(stream.at(1).dataset);
});
