import { gdumb } from './gdumb.js';
import { naiveComparison } from './test-support/naive-comparison.js';

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head, no task labels).
const comparison = naiveComparison('class');

describe('gdumb() on class-incremental SplitMNIST', () => {
  it('trains only on a class-balanced memory from scratch and ends far above Naive', async () => {
    // GDumb trains its 200-sample memory for 5 epochs per experience (still fewer steps than Naive's data).
    const result = await comparison.run('GDumb', (o) => gdumb({ ...o, trainEpochs: 5, memSize: 200 }));
    expect(result.matrix[0][0]).toBeGreaterThan(0.85);
    expect(result.finalAccuracy).toBeGreaterThan(comparison.baseline.finalAccuracy + 0.3);
    expect(result.forgetting).toBeLessThan(comparison.baseline.forgetting - 0.3);
  });
});
