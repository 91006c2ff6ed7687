import { histogramOf } from './histogram-of.js';

describe('histogramOf', () => {
  it('counts values into equal-width buckets with hand-computed statistics', () => {
    // [0, 1, 2, 3, 4] in 2 buckets of width 2: (-, 2] holds 0, 1, 2 and (2, 4] holds 3, 4.
    expect(histogramOf([0, 1, 2, 3, 4], 2)).toEqual({
      min: 0, max: 4, num: 5, sum: 10, sumSquares: 30, bucketLimit: [2, 4], bucket: [3, 2],
    });
  });

  it('uses one bucket for constant values and skips non-finite ones', () => {
    expect(histogramOf([0.5, 0.5, Number.NaN])).toEqual({ min: 0.5, max: 0.5, num: 2, sum: 1, sumSquares: 0.5, bucketLimit: [0.5], bucket: [2] });
    expect(histogramOf([]).num).toBe(0);
  });
});
