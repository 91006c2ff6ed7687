import { ewc } from './ewc.js';
import { naiveComparison } from './test-support/naive-comparison.js';

// Domain-incremental SplitMNIST (5 experiences of two digits, labels 0/1 in each, one shared 2-unit head):
// Naive forgets badly here, and regularisation methods are meant to help.
const comparison = naiveComparison('domain');

describe('ewc() on domain-incremental SplitMNIST', () => {
  it('learns each experience and forgets less than Naive with the same seed (separate mode)', async () => {
    const result = await comparison.run('EWC', (o) => ewc({ ...o, ewcLambda: 300 }));
    comparison.expectBetterThanNaive(result, { learned: 0.85, naiveForgets: 0.15, forgetsLessBy: 0.02, moreAccurateBy: 0 });
  });

  it('online mode also forgets less than Naive', async () => {
    const result = await comparison.run('EWC online', (o) => ewc({ ...o, ewcLambda: 1000, mode: 'online', decayFactor: 0.5 }));
    comparison.expectBetterThanNaive(result, { forgetsLessBy: 0.02, moreAccurateBy: 0 });
  });
});
