import type { ClassificationDataset, ContinualModel, StateDict, StrategyContext, StrategyPlugin } from '@avalanche-ts/core';
import { FeCAMClassifier } from '@avalanche-ts/models';
import { featureRows } from './feature-rows.js';
import {
  PrototypeMemory,
  SeenDatasets,
  evalClassifierOf,
  type MemoryPrototypeUpdateOptions,
  type OracleOptions,
} from './ncm-update-plugins.js';

/**
 * Avalanche's `_gather_means_and_cov`: features of `dataset` (eval transforms and mode), Tukey-transformed
 * by the classifier, then per class the mean and the unbiased covariance (`torch.cov`, divisor n − 1)
 * after the classifier's covariance transforms (shrinkage, normalisation).
 */
export function classMeansAndCovariances(
  model: ContinualModel,
  classifier: FeCAMClassifier,
  dataset: ClassificationDataset,
  batchSize: number,
): { means: Map<number, Float64Array>; covs: Map<number, Float64Array> } {
  const rows = featureRows(model, dataset.eval(), 'FeCAM update', { batchSize });
  const features = classifier.applyTransforms(rows.features);
  const { d } = rows;
  const byClass = new Map<number, number[]>();
  rows.targets.forEach((c, i) => {
    const list = byClass.get(c);
    if (list) list.push(i);
    else byClass.set(c, [i]);
  });
  const means = new Map<number, Float64Array>();
  const covs = new Map<number, Float64Array>();
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const idx = byClass.get(c)!;
    const mean = new Float64Array(d);
    for (const i of idx) for (let k = 0; k < d; k++) mean[k] += features[i * d + k] / idx.length;
    const cov = new Float64Array(d * d);
    const centered = new Float64Array(d);
    for (const i of idx) {
      for (let k = 0; k < d; k++) centered[k] = features[i * d + k] - mean[k];
      for (let a = 0; a < d; a++) {
        const ca = centered[a] / (idx.length - 1);
        if (ca === 0) continue;
        for (let b = 0; b < d; b++) cov[a * d + b] += ca * centered[b];
      }
    }
    means.set(c, mean);
    covs.set(c, cov);
  }
  return { means, covs: classifier.applyCovTransforms(covs, d) };
}

function updateFrom(context: StrategyContext, who: string, dataset: ClassificationDataset): void {
  const fecam = evalClassifierOf(context.model, FeCAMClassifier, who);
  const { means, covs } = classMeansAndCovariances(context.model, fecam, dataset, context.trainMbSize);
  fecam.updateStatistics(means, covs);
}

/**
 * Avalanche's `CurrentDataFeCAMUpdate`: after each experience, the FeCAM eval classifier of the
 * TrainEvalModel updates its means and covariances from the experience's data (momentum 0.5 for classes
 * it already has).
 */
export class CurrentDataFecamUpdate implements StrategyPlugin {
  readonly name = 'CurrentDataFeCAMUpdate';

  afterTrainingExp(context: StrategyContext): void {
    updateFrom(context, this.name, context.experience!.dataset);
  }
}

/**
 * Avalanche's `MemoryFeCAMUpdate`: after each experience a memory (class-balanced, `memSize` 2000 by
 * default) takes the experience's samples, and the FeCAM statistics are updated from the memory.
 */
export class MemoryFecamUpdate implements StrategyPlugin {
  readonly name = 'MemoryFeCAMUpdate';
  private readonly memory: PrototypeMemory;

  constructor(options: MemoryPrototypeUpdateOptions = {}) {
    this.memory = new PrototypeMemory(options, 'memoryFecamUpdate options');
  }

  get storagePolicy(): PrototypeMemory['storagePolicy'] {
    return this.memory.storagePolicy;
  }

  afterTrainingExp(context: StrategyContext): void {
    evalClassifierOf(context.model, FeCAMClassifier, this.name);
    const buffer = this.memory.update(context);
    if (buffer !== undefined) updateFrom(context, this.name, buffer);
  }

  stateDict(): StateDict {
    return this.memory.stateDict();
  }

  loadStateDict(state: StateDict): void {
    this.memory.loadStateDict(state, 'MemoryFeCAMUpdate state');
  }
}

/**
 * Avalanche's `FeCAMOracle`: the FeCAM statistics are updated after each experience from every sample
 * seen so far; an upper bound, not a continual-learning method.
 */
export class FecamOracle implements StrategyPlugin {
  readonly name = 'FeCAMOracle';
  private readonly seen: SeenDatasets;

  constructor(options: OracleOptions = {}) {
    this.seen = new SeenDatasets(options, 'fecamOracle options');
  }

  afterTrainingExp(context: StrategyContext): void {
    updateFrom(context, this.name, this.seen.add(context.experience!));
  }

  stateDict(): StateDict {
    return this.seen.stateDict();
  }

  loadStateDict(state: StateDict): void {
    this.seen.loadStateDict(state, 'FeCAMOracle state');
  }
}

/** A {@link CurrentDataFecamUpdate}. */
export function currentDataFecamUpdate(): CurrentDataFecamUpdate {
  return new CurrentDataFecamUpdate();
}

/** A {@link MemoryFecamUpdate}: `memoryFecamUpdate({ memSize: 2000 })`. */
export function memoryFecamUpdate(options: MemoryPrototypeUpdateOptions = {}): MemoryFecamUpdate {
  return new MemoryFecamUpdate(options);
}

/** A {@link FecamOracle}. */
export function fecamOracle(options: OracleOptions = {}): FecamOracle {
  return new FecamOracle(options);
}
