import { synapticIntelligence } from './synaptic-intelligence.js';
import { naiveComparison } from './test-support/naive-comparison.js';

// Domain-incremental SplitMNIST (5 experiences of two digits, labels 0/1 in each, one shared 2-unit head):
// Naive forgets badly here, and the method is meant to help.
const comparison = naiveComparison('domain');

describe('synapticIntelligence() on domain-incremental SplitMNIST', () => {
  it('learns each experience and forgets less than Naive with the same seed', async () => {
    const result = await comparison.run('synapticIntelligence()', (o) => synapticIntelligence({ ...o, siLambda: 1000 }));
    comparison.expectBetterThanNaive(result, { learned: 0.85, naiveForgets: 0.15, forgetsLessBy: 0.05, moreAccurateBy: 0.03 });
  });
});
