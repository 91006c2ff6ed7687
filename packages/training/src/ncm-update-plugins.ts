import { z } from 'zod';
import {
  CheckpointError,
  StrategyError,
  parseWithSchema,
  type ClassificationDataset,
  type ContinualModel,
  type Experience,
  type StateDict,
  type StrategyContext,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { NCMClassifier, TrainEvalModel } from '@avalanche-ts/models';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { featureRows, normalizedRow } from './feature-rows.js';
import { ReplayMemory } from './replay-memory.js';
import { checkMemSize, sourcesSchema, storagePolicySchema } from './replay-option-fields.js';
import { resolverOf, sourceKeyOf, type DatasetResolver, type StoragePolicy } from './storage-policy.js';

export const memoryPrototypeUpdateOptionsSchema = z
  .object({
    /** Memory size (default 2000). */
    memSize: z.number().int().nonnegative().default(2000),
    /** The memory (default a class-balanced buffer of `memSize`). */
    storagePolicy: storagePolicySchema('new ClassBalancedBuffer({ maxSize })').optional(),
    /** Experiences whose datasets a restored memory points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type MemoryPrototypeUpdateOptions = z.input<typeof memoryPrototypeUpdateOptionsSchema>;

export const oracleOptionsSchema = z.object({ sources: sourcesSchema.optional() }).strict();
export type OracleOptions = z.input<typeof oracleOptionsSchema>;

/** The eval classifier of a {@link TrainEvalModel}, checked to be of `kind`; a StrategyError names `who` otherwise. */
export function evalClassifierOf<C>(model: ContinualModel, kind: abstract new (...args: never[]) => C, who: string): C {
  if (!(model instanceof TrainEvalModel) || !(model.evalClassifier instanceof kind)) {
    throw new StrategyError(`${who} needs a TrainEvalModel whose evalClassifier is a ${kind.name}; got ${model.name}`);
  }
  return model.evalClassifier as C;
}

/**
 * Avalanche's `compute_class_means`: the mean feature of each class of `dataset` (eval transforms, eval
 * mode, in minibatches of `batchSize`). With `normalize`, the mean of the L2-normalised features,
 * normalised again.
 */
export function computeClassMeans(model: ContinualModel, dataset: ClassificationDataset, batchSize: number, normalize: boolean): Map<number, Float64Array> {
  const rows = featureRows(model, dataset.eval(), 'NCM update', { batchSize });
  const sums = new Map<number, Float64Array>();
  const counts = new Map<number, number>();
  for (let i = 0; i < rows.n; i++) {
    const c = rows.targets[i];
    let sum = sums.get(c);
    if (sum === undefined) sums.set(c, (sum = new Float64Array(rows.d)));
    const r = normalize ? normalizedRow(rows.features, i, rows.d) : rows.features.subarray(i * rows.d, (i + 1) * rows.d);
    for (let k = 0; k < rows.d; k++) sum[k] += r[k];
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const means = new Map<number, Float64Array>();
  for (const c of [...sums.keys()].sort((a, b) => a - b)) {
    const mean = sums.get(c)!.map((v) => v / counts.get(c)!);
    if (normalize) {
      const norm = Math.sqrt(mean.reduce((a, v) => a + v * v, 0));
      if (norm > 0) for (let k = 0; k < mean.length; k++) mean[k] /= norm;
    }
    means.set(c, mean);
  }
  return means;
}

/**
 * Avalanche's `CurrentDataNCMUpdate`: after each experience, the NCM eval classifier of the
 * {@link TrainEvalModel} moves its means towards the means of the experience's (adapted) data:
 * μ_c ← 0.5·μ_new + 0.5·μ_c (classes seen for the first time take μ_new).
 */
export class CurrentDataNcmUpdate implements StrategyPlugin {
  readonly name = 'CurrentDataNCMUpdate';

  afterTrainingExp(context: StrategyContext): void {
    const ncm = evalClassifierOf(context.model, NCMClassifier, this.name);
    const data = context.adaptedDataset ?? context.experience!.dataset;
    ncm.updateClassMeans(computeClassMeans(context.model, data, context.trainMbSize, ncm.normalize));
  }
}

/**
 * Avalanche's `MemoryNCMUpdate` (class means as iCaRL computes them): after each experience a memory
 * (class-balanced, `memSize` 2000 by default) takes the experience's samples, and the NCM eval
 * classifier's means are replaced by the class means of the memory.
 */
export class MemoryNcmUpdate implements StrategyPlugin {
  readonly name = 'MemoryNCMUpdate';
  readonly storagePolicy: StoragePolicy;
  private readonly memory: PrototypeMemory;

  constructor(options: MemoryPrototypeUpdateOptions = {}) {
    this.memory = new PrototypeMemory(options, 'memoryNcmUpdate options');
    this.storagePolicy = this.memory.storagePolicy;
  }

  afterTrainingExp(context: StrategyContext): void {
    const ncm = evalClassifierOf(context.model, NCMClassifier, this.name);
    const buffer = this.memory.update(context);
    if (buffer !== undefined) ncm.replaceClassMeans(computeClassMeans(context.model, buffer, context.trainMbSize, ncm.normalize));
  }

  stateDict(): StateDict {
    return this.memory.stateDict();
  }

  loadStateDict(state: StateDict): void {
    this.memory.loadStateDict(state, 'MemoryNCMUpdate state');
  }
}

/**
 * Avalanche's `NCMOracle`: the NCM eval classifier's means are recomputed after each experience on every
 * sample seen so far. It stores the whole stream, so it is an upper bound for NCM methods, not a
 * continual-learning method.
 */
export class NcmOracle implements StrategyPlugin {
  readonly name = 'NCMOracle';
  private readonly seen: SeenDatasets;

  constructor(options: OracleOptions = {}) {
    this.seen = new SeenDatasets(options, 'ncmOracle options');
  }

  afterTrainingExp(context: StrategyContext): void {
    const ncm = evalClassifierOf(context.model, NCMClassifier, this.name);
    const all = this.seen.add(context.experience!);
    ncm.replaceClassMeans(computeClassMeans(context.model, all, context.trainMbSize, ncm.normalize));
  }

  stateDict(): StateDict {
    return this.seen.stateDict();
  }

  loadStateDict(state: StateDict): void {
    this.seen.loadStateDict(state, 'NCMOracle state');
  }
}

/** The memory of the memory-based prototype updates (NCM and FeCAM). */
export class PrototypeMemory {
  readonly storagePolicy: StoragePolicy;
  private readonly memory: ReplayMemory;

  constructor(options: MemoryPrototypeUpdateOptions, where: string) {
    const o = parseWithSchema(memoryPrototypeUpdateOptionsSchema, options, where);
    checkMemSize(where, o.storagePolicy, options.memSize);
    this.memory = new ReplayMemory(o.storagePolicy ?? new ClassBalancedBuffer({ maxSize: o.memSize }), o.sources);
    this.storagePolicy = this.memory.policy;
  }

  /** Adds the context's experience and returns the memory (eval transforms), or undefined while empty. */
  update(context: StrategyContext): ClassificationDataset | undefined {
    this.memory.update(context.experience!, context);
    const buffer = this.storagePolicy.buffer;
    return buffer !== undefined && buffer.length > 0 ? buffer.eval() : undefined;
  }

  stateDict(): StateDict {
    return { storage: this.storagePolicy.stateDict() };
  }

  loadStateDict(state: StateDict, where: string): void {
    const s = parseWithSchema(z.object({ storage: z.record(z.unknown()) }), state, where);
    this.storagePolicy.loadStateDict(s.storage as StateDict, (key) => this.memory.resolve(key));
  }
}

/** Every experience dataset seen so far (the oracles), by source key. */
export class SeenDatasets {
  private readonly sources: DatasetResolver | undefined;
  private readonly datasets = new Map<string, ClassificationDataset>();

  constructor(options: OracleOptions, where: string) {
    this.sources = resolverOf(parseWithSchema(oracleOptionsSchema, options, where).sources);
  }

  /** Adds an experience and returns the concatenation of everything seen. */
  add(experience: Experience): ClassificationDataset {
    this.datasets.set(sourceKeyOf(experience), experience.dataset);
    const [first, ...rest] = [...this.datasets.values()];
    return rest.length > 0 ? first.concat(...rest) : first;
  }

  stateDict(): StateDict {
    return { keys: [...this.datasets.keys()] };
  }

  loadStateDict(state: StateDict, where: string): void {
    const s = parseWithSchema(z.object({ keys: z.array(z.string()) }), state, where);
    const restored = s.keys.map((key) => {
      const dataset = this.datasets.get(key) ?? this.sources?.(key);
      if (dataset === undefined) throw new CheckpointError(`${where}: no dataset for source "${key}"; pass the train stream as \`sources\``);
      return [key, dataset] as const;
    });
    this.datasets.clear();
    for (const [k, d] of restored) this.datasets.set(k, d);
  }
}

/** A {@link CurrentDataNcmUpdate}. */
export function currentDataNcmUpdate(): CurrentDataNcmUpdate {
  return new CurrentDataNcmUpdate();
}

/** A {@link MemoryNcmUpdate}: `memoryNcmUpdate({ memSize: 2000 })`. */
export function memoryNcmUpdate(options: MemoryPrototypeUpdateOptions = {}): MemoryNcmUpdate {
  return new MemoryNcmUpdate(options);
}

/** An {@link NcmOracle}. */
export function ncmOracle(options: OracleOptions = {}): NcmOracle {
  return new NcmOracle(options);
}
