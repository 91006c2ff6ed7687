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
import { BiasLayer } from './bias-layer.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { ExperienceBalancedBuffer } from './experience-balanced-buffer.js';
import { featureRows, indicesByClass } from './feature-rows.js';
import { FrozenModelCopy } from './frozen-model-copy.js';
import { checkMemSize, sourcesSchema, storagePolicySchema } from './replay-option-fields.js';
import { setReplayLoader } from './replay-plugin.js';
import { ReservoirSamplingBuffer } from './reservoir-sampling-buffer.js';
import { groupLengths, resolverOf, sourceKeyOf, storageContext, type DatasetResolver, type StoragePolicy } from './storage-policy.js';
import type { Criterion } from './strategy-options.js';

export const bicOptionsSchema = z
  .object({
    /** Replay memory size (Avalanche's `BiCPlugin` default 2000; the `BiC` strategy's 200). */
    memSize: z.number().int().nonnegative().default(2000),
    batchSize: z.number().int().positive().optional(),
    batchSizeMem: z.number().int().positive().optional(),
    storagePolicy: storagePolicySchema('new ExperienceBalancedBuffer({ maxSize })').optional(),
    /** Share of `memSize` held out (from each class's first samples) to train the bias layer (default 0.1). */
    valPercentage: z.number().gt(0).lt(1).default(0.1),
    /** Distillation temperature (default 2). */
    T: z.number().positive().default(2),
    /** Epochs of the bias-correction stage (default 200). */
    stage2Epochs: z.number().int().nonnegative().default(200),
    /** Distillation weight; −1 (default) uses n_old / n_all and scales the classification loss by 1 − that. */
    lamb: z.number().refine((v) => v === -1 || v >= 0, { message: 'must be -1 or >= 0' }).default(-1),
    /** Learning rate of the bias-correction stage (SGD, momentum 0.9, ×0.1 at epochs 50, 100, 150; default 0.1). */
    lr: z.number().positive().default(0.1),
    /** The classification loss the distillation is balanced against when `lamb` is −1 (default cross-entropy). */
    criterion: z.custom<Criterion>((v) => typeof v === 'function', { message: 'expected a function' }).optional(),
    /** Experiences whose datasets a restored memory points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type BicOptions = z.input<typeof bicOptionsSchema>;

/**
 * Bias Correction (Wu et al., "Large Scale Incremental Learning", CVPR 2019), as Avalanche's `BiCPlugin`
 * (after FACIL). Per experience:
 * 1. the first samples of each class go to a held-out validation memory of ⌊valPercentage·memSize⌋
 *    samples shared between the classes seen (old classes keep a random subset); the rest is trained on,
 *    with replay minibatches from the storage policy (experience-balanced by default);
 * 2. from the second experience on, with old classes O (earlier experiences) and all classes A,
 *    L = (1 − λ)·CE + λ·D with λ = |O| / |A| (or L = CE + lamb·D), and the distillation
 *    D = −(1/B) Σ_i Σ_{c∈O} softmax(ẑ_old/T)_ic · log softmax(z/T)_ic on the old classes' logits, where
 *    ẑ_old is the previous model's output corrected by the previous bias layer;
 * 3. after the experience (from the second on) the model is frozen and a new {@link BiasLayer} on the
 *    experience's classes is trained on the validation memory for `stage2Epochs` epochs:
 *    CE(bias(z), y) + 0.1·β²/2, SGD lr `lr`, momentum 0.9, ×0.1 at epochs 50, 100, 150.
 * Evaluation outputs go through the last bias layer. Avalanche's code takes the distillation softmax over
 * the batch axis and divides by a fixed 2; this port follows the original BiC code (softmax over classes,
 * temperature T).
 */
export class BicPlugin implements StrategyPlugin {
  readonly name = 'BiCPlugin';
  readonly storagePolicy: StoragePolicy;
  readonly options: Readonly<Omit<z.output<typeof bicOptionsSchema>, 'storagePolicy' | 'sources' | 'criterion'>>;
  private readonly criterion: Criterion;
  private readonly sources: DatasetResolver | undefined;
  private readonly oldModel = new FrozenModelCopy();
  private readonly valBuffers = new Map<number, ReservoirSamplingBuffer>();
  private readonly classToExp = new Map<number, number>();
  /** Training (non-held-out) indices of each experience seen, by source key. */
  private readonly trainIndices = new Map<string, Int32Array>();
  private readonly seen = new Map<string, ClassificationDataset>();
  private biasLayer: BiasLayer | undefined;

  constructor(options: BicOptions = {}) {
    const o = parseWithSchema(bicOptionsSchema, options, 'bic options');
    checkMemSize('bic options', o.storagePolicy, options.memSize);
    const { storagePolicy, sources, criterion, ...rest } = o;
    this.options = { ...rest, memSize: storagePolicy?.maxSize ?? rest.memSize };
    this.storagePolicy = storagePolicy ?? new ExperienceBalancedBuffer({ maxSize: this.options.memSize });
    this.criterion = criterion ?? crossEntropyLoss;
    this.sources = resolverOf(sources);
  }

  /** The current bias layer (after the second experience), or undefined. */
  get bias(): BiasLayer | undefined {
    return this.biasLayer;
  }

  /** Held-out validation samples, all classes together, or undefined while empty. */
  get validationSet(): ClassificationDataset | undefined {
    const parts = [...this.valBuffers.values()].map((b) => b.buffer).filter((b): b is ClassificationDataset => b !== undefined);
    if (parts.length === 0) return undefined;
    const [first, ...rest] = parts;
    return rest.length > 0 ? first.concat(...rest) : first;
  }

  afterTrainDatasetAdaptation(context: StrategyContext, controls: StrategyControls): void {
    const experience = context.experience!;
    const adapted = context.adaptedDataset!;
    const key = sourceKeyOf(experience);
    this.seen.set(key, experience.dataset);
    const byClass = indicesByClass(experience.dataset.targets);
    for (const c of byClass.keys()) this.classToExp.set(c, context.clock.trainExpCounter);
    const classes = [...this.classToExp.keys()].sort((a, b) => a - b);
    const lens = groupLengths(Math.floor(this.options.valPercentage * this.options.memSize), classes.length, true);
    const lenOf = new Map(classes.map((c, k) => [c, lens[k]]));
    const train: number[] = [];
    for (const [c, idx] of byClass) {
      const ll = lenOf.get(c)!;
      let buffer = this.valBuffers.get(c);
      if (buffer === undefined) {
        buffer = new ReservoirSamplingBuffer(ll);
        this.valBuffers.set(c, buffer);
      }
      buffer.updateFromDataset(experience.dataset, key, context.rng, idx.slice(0, ll));
      for (const i of idx.slice(ll)) train.push(i);
    }
    for (const [c, buffer] of this.valBuffers) buffer.resize(lenOf.get(c)!);
    const trainIdx = Int32Array.from(train);
    this.trainIndices.set(key, trainIdx);
    controls.setAdaptedDataset(adapted.subset(trainIdx));
  }

  beforeTrainingExp(context: StrategyContext, controls: StrategyControls): void {
    setReplayLoader(context, controls, this.storagePolicy.buffer, this.options.batchSize, this.options.batchSizeMem);
  }

  lossTerm(context: StrategyContext): tf.Scalar | undefined {
    const old = this.oldModel.get(context.model);
    const mb = context.minibatch;
    const output = context.mbOutput;
    if (old === undefined || mb === undefined || output === undefined) return undefined;
    const { initial, previous, current } = this.classGroups(context.clock.trainExpCounter);
    const oldClasses = [...initial, ...previous].sort((a, b) => a - b);
    if (oldClasses.length === 0) return undefined;
    const T = this.options.T;
    return tf.tidy(() => {
      let oldOut = old.forward(mb.x, { taskLabels: mb.taskLabels });
      if (initial.length > 0 && this.biasLayer !== undefined) oldOut = this.biasLayer.apply(oldOut);
      const select = selectionMatrix(oldClasses, output.shape[1]);
      const selectOld = selectionMatrix(oldClasses, oldOut.shape[1]);
      const target = tf.softmax(tf.div(tf.matMul(oldOut, selectOld), T));
      const logP = tf.logSoftmax(tf.div(tf.matMul(output, select), T));
      const distill = tf.neg(tf.mean(tf.sum(tf.mul(target, logP), 1))) as tf.Scalar;
      if (this.options.lamb !== -1) return tf.mul(distill, this.options.lamb) as tf.Scalar;
      const lamb = oldClasses.length / (oldClasses.length + current.length);
      // The template adds this to the criterion: CE + λ(D − CE) = (1 − λ)·CE + λ·D.
      return tf.mul(tf.sub(distill, this.criterion(output, mb.y, context)), lamb) as tf.Scalar;
    });
  }

  afterEvalForward(context: StrategyContext, controls: StrategyControls): void {
    if (this.biasLayer === undefined || context.mbOutput === undefined) return;
    controls.setOutput(this.biasLayer.apply(context.mbOutput));
  }

  afterTrainingExp(context: StrategyContext): void {
    const experience = context.experience!;
    this.oldModel.refresh(context.model);
    const key = sourceKeyOf(experience);
    const trainIdx = this.trainIndices.get(key) ?? Int32Array.from({ length: experience.dataset.length }, (_, i) => i);
    this.storagePolicy.update({ ...experience, dataset: experience.dataset.subset(trainIdx) }, storageContext(context));
    if (context.clock.trainExpCounter > 0) this.biasCorrection(context, experience.classesInThisExperience);
  }

  stateDict(): StateDict {
    const val = [...this.valBuffers].sort((a, b) => a[0] - b[0]);
    return {
      storage: this.storagePolicy.stateDict(),
      valClasses: val.map(([c]) => c),
      valBuffers: val.map(([, b]) => b.stateDict()),
      classToExp: [...this.classToExp].flat(),
      trainKeys: [...this.trainIndices.keys()],
      trainIndices: [...this.trainIndices.values()].map((a) => a.slice()),
      bias: this.biasLayer ? { classes: [...this.biasLayer.classes], alpha: this.biasLayer.alpha, beta: this.biasLayer.beta } : null,
      oldModel: this.oldModel.stateDict(),
    };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(
      z.object({
        storage: z.record(z.unknown()),
        valClasses: z.array(z.number().int()),
        valBuffers: z.array(z.record(z.unknown())),
        classToExp: z.array(z.number().int()),
        trainKeys: z.array(z.string()),
        trainIndices: z.array(z.instanceof(Int32Array)),
        bias: z.union([z.object({ classes: z.array(z.number().int()), alpha: z.number(), beta: z.number() }), z.null()]),
        oldModel: z.unknown(),
      }),
      state,
      'BiCPlugin state',
    );
    if (s.valClasses.length !== s.valBuffers.length || s.trainKeys.length !== s.trainIndices.length) {
      throw new CheckpointError('BiCPlugin state: mismatched class, buffer, key and index lists');
    }
    this.trainIndices.clear();
    s.trainKeys.forEach((k, i) => this.trainIndices.set(k, s.trainIndices[i].slice()));
    const full = (key: string) => this.seen.get(key) ?? this.sources?.(key);
    const trainOnly = (key: string) => {
      const idx = this.trainIndices.get(key);
      const ds = full(key);
      return ds !== undefined && idx !== undefined ? ds.subset(idx) : undefined;
    };
    this.storagePolicy.loadStateDict(s.storage as StateDict, trainOnly);
    this.valBuffers.clear();
    s.valClasses.forEach((c, i) => {
      const buffer = new ReservoirSamplingBuffer(0);
      buffer.loadStateDict(s.valBuffers[i] as StateDict, full);
      this.valBuffers.set(c, buffer);
    });
    this.classToExp.clear();
    for (let i = 0; i + 1 < s.classToExp.length; i += 2) this.classToExp.set(s.classToExp[i], s.classToExp[i + 1]);
    this.biasLayer = s.bias ? new BiasLayer(s.bias.classes, s.bias.alpha, s.bias.beta) : undefined;
    this.oldModel.loadStateDict(s.oldModel, 'BiCPlugin state.oldModel');
  }

  dispose(): void {
    this.oldModel.dispose();
  }

  /** Classes first seen before the previous experience, in it, and in the current one (`_classes_groups`), by training order. */
  private classGroups(currentExperience: number): { initial: number[]; previous: number[]; current: number[] } {
    const initial: number[] = [];
    const previous: number[] = [];
    const current: number[] = [];
    for (const [c, e] of this.classToExp) (e < currentExperience - 1 ? initial : e === currentExperience - 1 ? previous : current).push(c);
    return { initial, previous, current };
  }

  /** Stage 2: fits a new bias layer on the frozen model's outputs for the validation memory. */
  private biasCorrection(context: StrategyContext, classes: readonly number[]): void {
    const layer = new BiasLayer([...classes]);
    this.biasLayer = layer;
    const val = this.validationSet;
    if (val === undefined || this.options.stage2Epochs === 0) return;
    const rows = featureRows(context.model, val.eval(), 'BiC', {
      batchSize: context.evalMbSize,
      extract: (m, b) => m.forward(b.x, { taskLabels: b.taskLabels }),
    });
    const { features: logits, targets, n, d: width } = rows;
    const inClass = new Uint8Array(width);
    for (const c of classes) if (c < width) inClass[c] = 1;
    let vAlpha = 0;
    let vBeta = 0;
    let steps = 0;
    const batch = context.trainMbSize;
    const p = new Float64Array(width);
    for (let epoch = 0; epoch < this.options.stage2Epochs; epoch++) {
      const lr = this.options.lr * 0.1 ** [50, 100, 150].filter((m) => m <= epoch).length;
      const order = context.rng.permutation(n);
      for (let start = 0; start < n; start += batch) {
        const idx = order.subarray(start, Math.min(n, start + batch));
        let gAlpha = 0;
        let gBeta = 0;
        for (const i of idx) {
          let max = -Infinity;
          for (let c = 0; c < width; c++) {
            const z = logits[i * width + c];
            p[c] = inClass[c] ? layer.alpha * z + layer.beta : z;
            if (p[c] > max) max = p[c];
          }
          let sum = 0;
          for (let c = 0; c < width; c++) sum += (p[c] = Math.exp(p[c] - max));
          for (let c = 0; c < width; c++) {
            if (!inClass[c]) continue;
            const g = (p[c] / sum - (targets[i] === c ? 1 : 0)) / idx.length;
            gAlpha += g * logits[i * width + c];
            gBeta += g;
          }
        }
        gBeta += 0.1 * layer.beta;
        // PyTorch SGD with momentum: v ← μ·v + g (v = g on the first step), θ ← θ − lr·v.
        vAlpha = steps === 0 ? gAlpha : 0.9 * vAlpha + gAlpha;
        vBeta = steps === 0 ? gBeta : 0.9 * vBeta + gBeta;
        layer.alpha -= lr * vAlpha;
        layer.beta -= lr * vBeta;
        steps++;
      }
    }
  }
}

/** A [width, k] 0/1 matrix selecting the columns `classes` (tf.gather's gradient is missing on wasm). */
function selectionMatrix(classes: readonly number[], width: number): tf.Tensor2D {
  return tf.tidy(() => tf.transpose(tf.oneHot(tf.tensor1d([...classes], 'int32'), width).toFloat()) as tf.Tensor2D);
}

/** A {@link BicPlugin}: `bicPlugin({ memSize: 200 })`. */
export function bicPlugin(options: BicOptions = {}): BicPlugin {
  return new BicPlugin(options);
}
