import { CheckpointError, ValidationError, type StrategyPlugin } from '@avalanche-ts/core';
import { TinyModel } from '@avalanche-ts/core/testing';
import { NCMClassifier, SimpleMLP, TrainEvalModel } from '@avalanche-ts/models';
import type { ComparisonSetup } from '../scripts/forgetting-harness.js';
import { countStrategyTensors } from '../scripts/strategy-leak-harness.js';
import { naive } from './naive.js';
import { MemoryNcmUpdate, NcmOracle, currentDataNcmUpdate, memoryNcmUpdate, ncmOracle } from './ncm-update-plugins.js';
import { naiveComparison } from './test-support/naive-comparison.js';
import { useCpuBackend } from './test-support/use-cpu-backend.js';

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head). The plugins only change
// the classifier used at evaluation (nearest class mean of the features), so they are compared with
// Naive training of the same network.
const comparison = naiveComparison('class');
const ncmSetup: ComparisonSetup = { ...comparison.setup, makeModel: () => new TrainEvalModel(comparison.setup.makeModel(), new NCMClassifier({ normalize: true })) };

const withPlugin = (plugin: () => StrategyPlugin) => (o: Parameters<typeof naive>[0]) => naive({ ...o, plugins: [plugin()] });

describe('NCM update plugins on class-incremental SplitMNIST', () => {
  it('classify by class means far better than the Naive head when the means are recomputed', async () => {
    const memory = await comparison.run('MemoryNCMUpdate', withPlugin(() => memoryNcmUpdate({ memSize: 200 })), ncmSetup);
    const current = await comparison.run('CurrentDataNCMUpdate', withPlugin(currentDataNcmUpdate), ncmSetup);
    const oracle = await comparison.run('NCMOracle', withPlugin(ncmOracle), ncmSetup);
    // Measured: final accuracy / forgetting: Naive 0.18 / 0.98, memory 0.63 / 0.24, oracle 0.62 / 0.26,
    // current data 0.20 / 0.96: the feature extractor drifts, and only the memory and the oracle recompute
    // the old classes' means on it; current-data means of old classes go stale (as in Avalanche).
    for (const r of [memory, current, oracle]) r.matrix.forEach((row, i) => expect(row[i]).toBeGreaterThan(0.5));
    for (const r of [memory, oracle]) comparison.expectBetterThanNaive(r, { forgetsLessBy: 0.5, moreAccurateBy: 0.3 });
    expect(current.finalAccuracy).toBeLessThan(memory.finalAccuracy - 0.2);
  });
});

describe('NCM update plugins', () => {
  useCpuBackend();

  const tinyNcm = (n: number) => new TrainEvalModel(new SimpleMLP({ inputSize: 8, hiddenSize: 16, numClasses: n, dropRate: 0 }), new NCMClassifier());

  it('keep a constant number of tensors per experience and free them on dispose', async () => {
    for (const make of [() => memoryNcmUpdate({ memSize: 20 }), currentDataNcmUpdate, ncmOracle]) {
      const run = await countStrategyTensors((o) => naive({ ...o, plugins: [make()] }), { makeModel: tinyNcm });
      expect(run.counts[3]).toBe(run.counts[1]);
      expect(run.afterDispose).toBe(run.before + 1); // the class means, a buffer of the model
      expect(run.afterModelDispose).toBe(run.beforeModel);
    }
  });

  it('fill the eval classifier with one mean per class seen', async () => {
    let model: TrainEvalModel | undefined;
    await countStrategyTensors((o) => naive({ ...o, plugins: [currentDataNcmUpdate()] }), { nExperiences: 2, makeModel: (n) => (model = tinyNcm(n)) });
    expect(model!.evalClassifier.numClasses).toBe(4);
  });

  it('round-trip their memory and sources through stateDict', async () => {
    let state: unknown;
    let exps: unknown;
    await countStrategyTensors(
      (o, e) => {
        exps = e;
        const plugin = new MemoryNcmUpdate({ memSize: 20 });
        const oracle = new NcmOracle();
        const strategy = naive({ ...o, plugins: [plugin, oracle] });
        const dispose = strategy.dispose.bind(strategy);
        strategy.dispose = () => {
          state = [plugin.stateDict(), oracle.stateDict()];
          dispose();
        };
        return strategy;
      },
      { nExperiences: 2, makeModel: tinyNcm },
    );
    const [memoryState, oracleState] = state as [Record<string, never>, Record<string, never>];
    const fresh = new MemoryNcmUpdate({ memSize: 20, sources: exps as never });
    fresh.loadStateDict(memoryState);
    expect(fresh.storagePolicy.length).toBe(20);
    const freshOracle = new NcmOracle({ sources: exps as never });
    freshOracle.loadStateDict(oracleState);
    expect(freshOracle.stateDict()).toEqual(oracleState);
    expect(() => new NcmOracle().loadStateDict(oracleState)).toThrow(CheckpointError);
  });

  it('need a TrainEvalModel with an NCM classifier, and validate their options', async () => {
    await expect(countStrategyTensors((o) => naive({ ...o, plugins: [currentDataNcmUpdate()] }), { nExperiences: 1, makeModel: (n) => new TinyModel({ inputSize: 8, nClasses: n }) })).rejects.toThrow(/needs a TrainEvalModel whose evalClassifier is a NCMClassifier/);
    expect(() => memoryNcmUpdate({ memSize: -3 })).toThrow(ValidationError);
    expect(() => memoryNcmUpdate({ memSize: -3 })).toThrow(/memSize/);
  });
});
