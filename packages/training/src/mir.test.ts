import { runWith } from '../scripts/forgetting-harness.js';
import { meanCurrentAccuracy } from '../scripts/strategy-harness.js';
import { runOnlineWith } from '../scripts/online-harness.js';
import { mir } from './mir.js';
import { naive } from './naive.js';
import { naiveComparison } from './test-support/naive-comparison.js';

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head, no task labels).
const comparison = naiveComparison('class');
const { setup } = comparison;

describe('mir() on class-incremental SplitMNIST', () => {
  it('learns each experience and forgets far less than Naive with the same seed', async () => {
    const result = await runWith('MIR', (o) => mir({ ...o, memSize: 200, subsample: 50, batchSizeMem: 10 }), setup, comparison.streams.trainStream, comparison.streams.testStream);
    // Mean accuracy on each experience right after training on it (chance is 0.1 with 10 outputs).
    expect(meanCurrentAccuracy(result)).toBeGreaterThan(0.6);
    expect(comparison.baseline.forgetting).toBeGreaterThan(0.8);
    expect(result.forgetting).toBeLessThan(comparison.baseline.forgetting - 0.3);
    // Offline, MIR's candidates exclude the classes of the experience's last minibatch (Avalanche), so the
    // first replay happens only from the third experience: a smaller gain than ER-ACE's.
    expect(result.finalAccuracy).toBeGreaterThan(comparison.baseline.finalAccuracy + 0.15);
  });

  it('learns online from 10-sample experiences of splitOnlineStream and beats online Naive', async () => {
    const run = (name: string, make: typeof naive) => runOnlineWith(name, make, { makeModel: setup.makeModel, lr: 0.1 }, comparison.streams.trainStream, comparison.streams.testStream);
    const naiveOnline = await run('Naive online', (o) => naive(o));
    const result = await run('MIR online', (o) => mir({ ...o, subsample: 50, batchSizeMem: 10 }));
    expect(result.samples).toBe(1000);
    // Mean accuracy on each experience right after training on it (chance is 0.1 with 10 outputs).
    expect(meanCurrentAccuracy(result)).toBeGreaterThan(0.6);
    expect(result.finalAccuracy).toBeGreaterThan(naiveOnline.finalAccuracy + 0.2);
    expect(result.forgetting).toBeLessThan(naiveOnline.forgetting - 0.3);
  });
});
