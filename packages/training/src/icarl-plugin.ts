import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  CheckpointError,
  parseWithSchema,
  type ClassificationDataset,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { NCMClassifier } from '@avalanche-ts/models';
import { featureRows, indicesByClass, modelFeatures, normalizedRow } from './feature-rows.js';
import { sourcesSchema } from './replay-option-fields.js';
import { resolverOf, sourceKeyOf, type DatasetResolver } from './storage-policy.js';

export const icarlOptionsSchema = z
  .object({
    /** Exemplars kept: in total with `fixedMemory`, else per class (Avalanche's `memory_size`; required there). */
    memorySize: z.number().int().positive(),
    /** Share `memorySize` between the classes seen so far, ⌈memorySize / nClasses⌉ each (default true). */
    fixedMemory: z.boolean().default(true),
    /** Experiences whose datasets a restored memory points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type IcarlOptions = z.input<typeof icarlOptionsSchema>;

interface Exemplars {
  readonly cls: number;
  readonly key: string;
  readonly dataset: ClassificationDataset;
  /** Indices into `dataset`, in herding order (best first). */
  indices: Int32Array;
}

/**
 * iCaRL's exemplar memory and nearest-mean-of-exemplars classifier (Rebuffi et al., CVPR 2017), as
 * Avalanche's `_ICaRLPlugin`:
 * - from the second experience on, the training data is the experience's data plus every exemplar;
 * - after each experience, the exemplars of each new class are chosen by herding on L2-normalised
 *   features φ: with μ the mean of the class's φ, w₀ = μ, step k picks argmax_j w_k·φ_j (skipping picks
 *   already made) and sets w_{k+1} = w_k + μ − φ_pick, for at most 1000 steps; then every class keeps its
 *   first m exemplars, m = ⌈memorySize / classes seen⌉ (`fixedMemory`) or `memorySize`;
 * - each class mean is μ_c = normalise((mean φ(x) + mean φ(flip(x))) / 2) over its exemplars, where flip
 *   mirrors image inputs horizontally (other inputs are used twice unchanged);
 * - evaluation outputs −‖normalise(φ(x)) − μ_c‖ ({@link NCMClassifier} with `normalize`); classes without
 *   exemplars have a zero mean, as in Avalanche. Before the first experience ends the model's output stays.
 *
 * Avalanche takes the new classes from `benchmark.classes_order`; this port uses
 * `experience.classesInThisExperience`, the same classes, so any class-incremental stream works.
 * Exemplars are stored as indices into the experiences' datasets and are replayed with the training
 * transform group (Avalanche's `buffer_transform`).
 */
export class IcarlPlugin implements StrategyPlugin {
  readonly name = 'ICaRLPlugin';
  readonly memorySize: number;
  readonly fixedMemory: boolean;
  readonly ncm = new NCMClassifier({ normalize: true });
  private exemplars: Exemplars[] = [];
  private observedClasses: number[] = [];
  private nClasses = 0;
  private readonly seen = new Map<string, ClassificationDataset>();
  private readonly sources: DatasetResolver | undefined;

  constructor(options: IcarlOptions) {
    const o = parseWithSchema(icarlOptionsSchema, options, 'icarl options');
    this.memorySize = o.memorySize;
    this.fixedMemory = o.fixedMemory;
    this.sources = resolverOf(o.sources);
  }

  /** Exemplars per class, in herding order (copies). */
  get memory(): ReadonlyMap<number, Int32Array> {
    return new Map(this.exemplars.map((e) => [e.cls, e.indices.slice()]));
  }

  /** All exemplars as one dataset view, or undefined while empty. */
  get memoryDataset(): ClassificationDataset | undefined {
    const parts = this.exemplars.filter((e) => e.indices.length > 0).map((e) => e.dataset.subset(e.indices));
    if (parts.length === 0) return undefined;
    const [first, ...rest] = parts;
    return rest.length > 0 ? first.concat(...rest) : first;
  }

  afterTrainDatasetAdaptation(context: StrategyContext, controls: StrategyControls): void {
    const memory = this.memoryDataset;
    if (memory === undefined || context.adaptedDataset === undefined) return;
    controls.setAdaptedDataset(context.adaptedDataset.concat(memory));
  }

  beforeTrainingExp(context: StrategyContext): void {
    const experience = context.experience!;
    for (const c of experience.classesInThisExperience) if (!this.observedClasses.includes(c)) this.observedClasses.push(c);
    this.nClasses = Math.max(this.nClasses, experience.benchmark?.nClasses ?? 0, ...this.observedClasses.map((c) => c + 1));
  }

  afterTrainingExp(context: StrategyContext): void {
    const experience = context.experience!;
    const key = sourceKeyOf(experience);
    this.seen.set(key, experience.dataset);
    const perClass = this.fixedMemory ? Math.ceil(this.memorySize / this.observedClasses.length) : this.memorySize;
    const byClass = indicesByClass(experience.dataset.targets);
    for (const cls of experience.classesInThisExperience) {
      const idx = byClass.get(cls);
      if (idx === undefined) continue;
      const subset = experience.dataset.subset(idx).eval();
      const rows = featureRows(context.model, subset, 'iCaRL', { batchSize: context.evalMbSize });
      const order = herdingOrder(rows.features, rows.n, rows.d, perClass);
      this.exemplars = this.exemplars.filter((e) => e.cls !== cls);
      this.exemplars.push({ cls, key, dataset: experience.dataset, indices: Int32Array.from(order, (j) => idx[j]) });
    }
    for (const e of this.exemplars) if (e.indices.length > perClass) e.indices = e.indices.slice(0, perClass);
    this.computeClassMeans(context);
  }

  afterEvalForward(context: StrategyContext, controls: StrategyControls): void {
    if (this.ncm.numClasses === 0 || context.minibatch === undefined) return;
    const mb = context.minibatch;
    const model = context.model;
    controls.setOutput(tf.tidy(() => this.ncm.call(modelFeatures(model, mb.x, mb.taskLabels, 'iCaRL'))));
  }

  stateDict(): StateDict {
    return {
      memorySize: this.memorySize,
      fixedMemory: this.fixedMemory,
      observedClasses: this.observedClasses,
      nClasses: this.nClasses,
      classes: this.exemplars.map((e) => e.cls),
      keys: this.exemplars.map((e) => e.key),
      indices: this.exemplars.map((e) => e.indices.slice()),
      classMeans: this.ncm.numClasses > 0 ? this.ncm.stateDict().class_means.clone() : null,
    };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(
      z.object({
        observedClasses: z.array(z.number().int()),
        nClasses: z.number().int().nonnegative(),
        classes: z.array(z.number().int()),
        keys: z.array(z.string()),
        indices: z.array(z.instanceof(Int32Array)),
        classMeans: z.union([z.instanceof(tf.Tensor), z.null()]),
      }).passthrough(),
      state,
      'ICaRLPlugin state',
    );
    if (s.classes.length !== s.keys.length || s.classes.length !== s.indices.length) {
      throw new CheckpointError(`ICaRLPlugin state: ${s.classes.length} classes, ${s.keys.length} keys and ${s.indices.length} index lists`);
    }
    this.exemplars = s.classes.map((cls, k) => {
      const dataset = this.seen.get(s.keys[k]) ?? this.sources?.(s.keys[k]);
      if (dataset === undefined) throw new CheckpointError(`ICaRLPlugin state: no dataset for source "${s.keys[k]}"; pass the train stream as \`sources\``);
      return { cls, key: s.keys[k], dataset, indices: s.indices[k].slice() };
    });
    this.observedClasses = [...s.observedClasses];
    this.nClasses = s.nClasses;
    if (s.classMeans !== null) this.ncm.loadStateDict({ class_means: s.classMeans });
  }

  dispose(): void {
    this.ncm.dispose();
  }

  private computeClassMeans(context: StrategyContext): void {
    const means = new Map<number, Float64Array>();
    let d = 0;
    for (const e of this.exemplars) {
      if (e.indices.length === 0) continue;
      const data = e.dataset.subset(e.indices).eval();
      const plain = featureRows(context.model, data, 'iCaRL', { batchSize: context.evalMbSize });
      const flipped = featureRows(context.model, data, 'iCaRL', { batchSize: context.evalMbSize, flip: true });
      d = plain.d;
      const mean = new Float64Array(d);
      for (const rows of [plain, flipped]) {
        for (let i = 0; i < rows.n; i++) {
          const r = normalizedRow(rows.features, i, d);
          for (let c = 0; c < d; c++) mean[c] += r[c] / (2 * rows.n);
        }
      }
      let norm = 0;
      for (const v of mean) norm += v * v;
      norm = Math.sqrt(norm);
      if (norm > 0) for (let c = 0; c < d; c++) mean[c] /= norm;
      means.set(e.cls, mean);
    }
    if (means.size === 0) return;
    const all = new Map<number, Float64Array>();
    for (let c = 0; c < this.nClasses; c++) all.set(c, means.get(c) ?? new Float64Array(d));
    for (const [c, m] of means) all.set(c, m);
    this.ncm.replaceClassMeans(all);
  }
}

/**
 * iCaRL's herding over the L2-normalised columns of `features` ([n, d] row-major): the picked indices in
 * order, at most `k` of them and at most 1000 steps (Avalanche's loop bound).
 */
export function herdingOrder(features: Float32Array, n: number, d: number, k: number): number[] {
  const rows = Array.from({ length: n }, (_, i) => normalizedRow(features, i, d));
  const mu = new Float64Array(d);
  for (const r of rows) for (let c = 0; c < d; c++) mu[c] += r[c] / n;
  const w = Float64Array.from(mu);
  const picked = new Set<number>();
  const order: number[] = [];
  for (let step = 0; step < 1000 && order.length < Math.min(k, n); step++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let j = 0; j < n; j++) {
      let s = 0;
      const r = rows[j];
      for (let c = 0; c < d; c++) s += w[c] * r[c];
      if (s > bestScore) {
        bestScore = s;
        best = j;
      }
    }
    if (!picked.has(best)) {
      picked.add(best);
      order.push(best);
    }
    const r = rows[best];
    for (let c = 0; c < d; c++) w[c] += mu[c] - r[c];
  }
  return order;
}

/** An {@link IcarlPlugin}: `icarlPlugin({ memorySize: 2000 })`. */
export function icarlPlugin(options: IcarlOptions): IcarlPlugin {
  return new IcarlPlugin(options);
}
