import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { CheckpointError, StrategyError, parseWithSchema, type ContinualModel, type StateDict, type StrategyContext, type StrategyPlugin } from '@avalanche-ts/core';

export const cwrStarOptionsSchema = z
  .object({
    /**
     * Module name of the CWR layer, a linear layer whose parameter `<name>.weight` is [inFeatures, nClasses]
     * (e.g. "classifier"). Default: the last linear layer (the last rank-2 `*.weight` parameter).
     */
    cwrLayerName: z.string().min(1).optional(),
    /** After the first experience, train only the CWR layer, the rest frozen and in eval mode (default true). */
    freezeRemainingModel: z.boolean().default(true),
  })
  .strict();
export type CwrStarOptions = z.input<typeof cwrStarOptionsSchema>;

/**
 * CWR* (Lomonaco, Maltoni & Pellegrini 2020, "Rehearsal-Free Continual Learning over Small Non-I.I.D.
 * Batches", CVPR Workshops; also in Lomonaco & Maltoni 2019 "Fine-Grained Continual Learning"), as
 * Avalanche's `CWRStarPlugin`. Class j's output weights w_j (column j of the CWR layer's weight) are
 * consolidated per class:
 *
 * - before experience i: count cur_j (examples of class j in the experience); set every w_j to 0, then
 *   w_j = cw_j for the classes of the experience that have consolidated weights; after the first experience
 *   freeze everything but the CWR layer (when `freezeRemainingModel`);
 * - after it, with avg the mean of the trained w_j over the experience's classes:
 *   cw_j = (cw_j·√(past_j/cur_j) + (w_j − avg)) / (√(past_j/cur_j) + 1) (cw_j = w_j − avg the first time),
 *   past_j += cur_j; then w_j = cw_j for every consolidated class.
 *
 * As Avalanche, only the weight is consolidated (a bias, if the layer has one, trains normally). Unlike
 * Avalanche, past_j also counts the first experience a class appears in (the paper's algorithm; Avalanche
 * starts counting at the second, so there the second consolidation overwrites the first). Task labels are not
 * used.
 */
export class CwrStarPlugin implements StrategyPlugin {
  readonly name = 'CWRStarPlugin';
  readonly cwrLayerName: string | undefined;
  readonly freezeRemainingModel: boolean;
  /** Consolidated weights cw_j (length inFeatures) by class. */
  private readonly savedWeights = new Map<number, Float32Array>();
  /** past_j: examples of class j in the experiences already consolidated. */
  private readonly pastJ = new Map<number, number>();
  /** cur_j of the current experience. */
  private curJ = new Map<number, number>();

  constructor(options: CwrStarOptions = {}) {
    const o = parseWithSchema(cwrStarOptionsSchema, options, 'cwrStar options');
    this.cwrLayerName = o.cwrLayerName;
    this.freezeRemainingModel = o.freezeRemainingModel;
  }

  /** Classes of the current experience (cur_j > 0), ascending. */
  get currentClasses(): number[] {
    return [...this.curJ].filter(([, n]) => n > 0).map(([c]) => c).sort((a, b) => a - b);
  }

  /** Classes with consolidated weights, ascending. */
  get consolidatedClasses(): number[] {
    return [...this.savedWeights.keys()].sort((a, b) => a - b);
  }

  /** The CWR layer's weight variable [inFeatures, nClasses] and its module name. */
  cwrWeight(model: ContinualModel): { layer: string; weight: tf.Variable } {
    const params = model.namedParameters();
    if (this.cwrLayerName !== undefined) {
      const found = params.find(([n]) => n === `${this.cwrLayerName}.weight`);
      if (found === undefined || found[1].rank !== 2) {
        throw new StrategyError(`CWRStarPlugin: cwrLayerName "${this.cwrLayerName}" has no rank-2 parameter "${this.cwrLayerName}.weight" in ${model.name}`);
      }
      return { layer: this.cwrLayerName, weight: found[1] };
    }
    for (let i = params.length - 1; i >= 0; i--) {
      const [n, v] = params[i];
      if (v.rank === 2 && (n === 'weight' || n.endsWith('.weight'))) return { layer: n.slice(0, Math.max(0, n.length - '.weight'.length)), weight: v };
    }
    throw new StrategyError(`CWRStarPlugin: ${model.name} has no linear layer (no rank-2 "*.weight" parameter)`);
  }

  beforeTrainingExp(context: StrategyContext): void {
    const model = context.model;
    if (this.freezeRemainingModel && context.clock.trainExpCounter > 0) this.freezeOtherLayers(model);
    const counts = new Map<number, number>();
    for (const y of context.adaptedDataset?.targets ?? context.experience?.dataset.targets ?? []) counts.set(y, (counts.get(y) ?? 0) + 1);
    this.beginExperience(model, counts);
  }

  afterTrainingExp(context: StrategyContext): void {
    this.consolidate(context.model);
  }

  /** Sets cur_j to `counts` (examples per class the experience trains on) and resets the CWR weights to them. */
  beginExperience(model: ContinualModel, counts: ReadonlyMap<number, number>): void {
    this.curJ = new Map(counts);
    this.resetWeights(model, this.currentClasses);
  }

  /** w_j = 0 for every class, then w_j = cw_j for the given classes that have consolidated weights. */
  resetWeights(model: ContinualModel, classes: readonly number[]): void {
    const { weight } = this.cwrWeight(model);
    const [inFeatures, nOut] = weight.shape;
    const values = new Float32Array(inFeatures * nOut);
    for (const c of classes) {
      const saved = this.savedWeights.get(c);
      if (saved !== undefined && c < nOut) for (let i = 0; i < inFeatures; i++) values[i * nOut + c] = saved[i];
    }
    tf.tidy(() => weight.assign(tf.tensor2d(values, [inFeatures, nOut])));
  }

  /** The mean-shift consolidation of the current classes' weights, then w_j = cw_j for every consolidated class. */
  consolidate(model: ContinualModel): void {
    const { weight } = this.cwrWeight(model);
    const [inFeatures, nOut] = weight.shape;
    const w = weight.dataSync() as Float32Array;
    const classes = this.currentClasses.filter((c) => c < nOut);
    if (classes.length === 0) return;
    let sum = 0;
    for (const c of classes) for (let i = 0; i < inFeatures; i++) sum += w[i * nOut + c];
    const globalAvg = sum / (classes.length * inFeatures);
    for (const c of classes) {
      const fresh = new Float32Array(inFeatures);
      for (let i = 0; i < inFeatures; i++) fresh[i] = w[i * nOut + c] - globalAvg;
      const saved = this.savedWeights.get(c);
      const cur = this.curJ.get(c)!;
      if (saved === undefined) {
        this.savedWeights.set(c, fresh);
      } else {
        const wPast = Math.sqrt((this.pastJ.get(c) ?? 0) / cur);
        for (let i = 0; i < inFeatures; i++) saved[i] = (saved[i] * wPast + fresh[i]) / (wPast + 1);
      }
      this.pastJ.set(c, (this.pastJ.get(c) ?? 0) + cur);
    }
    const next = w.slice();
    for (const [c, saved] of this.savedWeights) if (c < nOut) for (let i = 0; i < inFeatures; i++) next[i * nOut + c] = saved[i];
    tf.tidy(() => weight.assign(tf.tensor2d(next, [inFeatures, nOut])));
  }

  /** Freezes every parameter outside the CWR layer and puts the model in eval mode (a linear CWR layer has no mode). */
  freezeOtherLayers(model: ContinualModel): void {
    const { layer } = this.cwrWeight(model);
    const prefix = layer === '' ? '' : `${layer}.`;
    for (const [n, v] of model.namedParameters()) v.trainable = n.startsWith(prefix);
    model.setTraining(false);
  }

  stateDict(): StateDict {
    const classes = this.consolidatedClasses;
    return {
      classes,
      savedWeights: classes.map((c) => this.savedWeights.get(c)!.slice()),
      pastJ: Object.fromEntries([...this.pastJ].map(([c, n]) => [String(c), n])),
    };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(
      z.object({ classes: z.array(z.number().int()), savedWeights: z.array(z.instanceof(Float32Array)), pastJ: z.record(z.number()) }),
      state,
      'CWRStarPlugin state',
    );
    if (s.classes.length !== s.savedWeights.length) throw new CheckpointError(`CWRStarPlugin state: ${s.classes.length} classes but ${s.savedWeights.length} weight vectors`);
    this.savedWeights.clear();
    this.pastJ.clear();
    s.classes.forEach((c, k) => this.savedWeights.set(c, s.savedWeights[k].slice()));
    for (const [c, n] of Object.entries(s.pastJ)) this.pastJ.set(Number(c), n);
  }
}

/** A {@link CwrStarPlugin}: `cwrStarPlugin()` consolidates the last linear layer. */
export function cwrStarPlugin(options: CwrStarOptions = {}): CwrStarPlugin {
  return new CwrStarPlugin(options);
}
