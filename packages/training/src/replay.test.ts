import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { herdingSelection } from './exemplars-selection-strategy.js';
import { ParametricBuffer } from './parametric-buffer.js';
import { replay } from './replay.js';
import { naiveComparison } from './test-support/naive-comparison.js';

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head, no task labels): Naive
// forgets almost everything; replay is meant to help.
const comparison = naiveComparison('class');

describe('replay() on class-incremental SplitMNIST', () => {
  it('learns each experience and forgets far less than Naive with the same seed', async () => {
    const result = await comparison.run('Replay', (o) => replay({ ...o, memSize: 200 }));
    comparison.expectBetterThanNaive(result, { learned: 0.85, naiveForgets: 0.8, forgetsLessBy: 0.3, moreAccurateBy: 0.2 });
  });

  it('also works with a class-balanced and a herding parametric memory', async () => {
    for (const storagePolicy of [new ClassBalancedBuffer({ maxSize: 200 }), new ParametricBuffer({ maxSize: 200, groupBy: 'class', selectionStrategy: herdingSelection() })]) {
      const result = await comparison.run('Replay', (o) => replay({ ...o, storagePolicy }));
      expect(result.forgetting).toBeLessThan(comparison.baseline.forgetting - 0.3);
    }
  });
});
