import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { parseWithSchema, taskLabelsOf, type ClassificationDataset, type DataLoader, type Minibatch } from '@avalanche-ts/core';
import { LookAheadMetaLearner, disposeMetaStep, lookAheadOptionsSchema, type MetaStep, type SeededBatch } from './look-ahead-meta-learner.js';
import { MetaReplayBuffer } from './meta-replay-buffer.js';
import { sourcesSchema } from './replay-option-fields.js';
import { SupervisedMetaLearningTemplate } from './meta-learning-template.js';
import { minibatchDataLoader } from './minibatch-data-loader.js';
import { secondOrderCrossEntropyLoss } from './second-order-cross-entropy.js';
import type { StrategyOptions } from './strategy-options.js';

export const lamamlOptionsSchema = lookAheadOptionsSchema
  .extend({
    /** Reservoir memory size (default 200). */
    maxBufferSize: z.number().int().nonnegative().default(200),
    /** Memory samples added to the meta batch (default 10). */
    bufferMbSize: z.number().int().positive().default(10),
    /** Experiences whose datasets a restored memory points into (checkpoint resume). */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type LaMamlOptions = z.input<typeof lamamlOptionsSchema>;

/**
 * Avalanche's `LaMAML` (`lamaml_v2`; Gupta, Yadav & Paull, NeurIPS 2020): a meta-learning template whose
 * iteration cuts the minibatch (size B) into K = `nInnerUpdates` chunks of ⌈B/K⌉ samples, takes K
 * look-ahead steps with learnable per-parameter learning rates α, and meta-learns θ and α on the meta batch
 * (the minibatch plus `bufferMbSize` samples of a reservoir memory of `maxBufferSize`, from the second
 * experience on); see {@link LookAheadMetaLearner} for the formulas. As Avalanche it drops the last
 * incomplete minibatch of an experience and re-initialises the model at construction (kaiming-normal
 * weights, N(0, 2/fanIn), zero biases, for every rank-2 `weight` [in, out] and rank-4 `weight`
 * [kh, kw, in, out] parameter, the layouts of `@avalanche-ts/models`' Linear and Conv2d). The default
 * criterion is {@link secondOrderCrossEntropyLoss}, which TF.js can differentiate twice. Differences from
 * Avalanche: chunks left empty when B < K·⌈B/K⌉ are skipped (Avalanche's loss would be NaN), the iteration's
 * `mbOutput` is the look-ahead model's output on the minibatch, and `evalMbSize` defaults to `trainMbSize`.
 */
export class LaMAMLTemplate extends SupervisedMetaLearningTemplate {
  readonly learner: LookAheadMetaLearner;
  readonly buffer: MetaReplayBuffer;
  private step: MetaStep | undefined;

  constructor(options: StrategyOptions & LaMamlOptions) {
    const { nInnerUpdates, secondOrder, gradClipNorm, learnLr, lrAlpha, syncUpdate, alphaInit, maxBufferSize, bufferMbSize, sources, ...common } = options;
    const o = parseWithSchema(lamamlOptionsSchema, { nInnerUpdates, secondOrder, gradClipNorm, learnLr, lrAlpha, syncUpdate, alphaInit, maxBufferSize, bufferMbSize, sources }, 'LaMAML options');
    const learner = new LookAheadMetaLearner({ nInnerUpdates: o.nInnerUpdates, secondOrder: o.secondOrder, gradClipNorm: o.gradClipNorm, learnLr: o.learnLr, lrAlpha: o.lrAlpha, syncUpdate: o.syncUpdate, alphaInit: o.alphaInit });
    const buffer = new MetaReplayBuffer({ memSize: o.maxBufferSize, batchSizeMem: o.bufferMbSize, sources: o.sources, name: 'Buffer' });
    super({ ...common, criterion: common.criterion ?? secondOrderCrossEntropyLoss, plugins: [...(common.plugins ?? []), learner, buffer] });
    this.learner = learner;
    this.buffer = buffer;
    this.initKaimingNormal();
  }

  /** Avalanche passes `drop_last=True` to the training loader. */
  protected override makeTrainDataLoader(dataset: ClassificationDataset): DataLoader {
    if (taskLabelsOf(dataset).length > 1) return super.makeTrainDataLoader(dataset);
    return minibatchDataLoader(dataset, { batchSize: this.trainMbSize, shuffle: true, rng: this.rng, dropLast: true });
  }

  protected override innerUpdates(): void {
    const mb = this.ctx.minibatch!;
    const size = mb.x.shape[0];
    const rough = Math.ceil(size / this.learner.nInnerUpdates);
    const chunks: SeededBatch[] = [];
    for (let start = 0; start < size; start += rough) {
      const n = Math.min(rough, size - start);
      chunks.push({ batch: sliceBatch(mb, start, n), seed: this.rng.nextSeed() });
    }
    const mixed = this.ctx.clock.trainExpCounter > 0 ? this.buffer.mix(mb, this.rng) : undefined;
    const meta: SeededBatch = { batch: mixed ?? mb, seed: this.rng.nextSeed() };
    try {
      this.disposeStep();
      this.step = this.learner.metaGradients(this.model, this.trainableParameters(), this.criterion, this.ctx, chunks, meta);
    } finally {
      for (const c of chunks) tf.dispose([c.batch.x, c.batch.y, c.batch.taskLabels]);
      if (mixed) tf.dispose([mixed.x, mixed.y, mixed.taskLabels]);
    }
  }

  protected override outerUpdate(): void {
    const step = this.step!;
    this.step = undefined;
    try {
      this.learner.applyMetaStep(this.trainableParameters(), step, this.optimizer);
      const size = this.ctx.minibatch!.x.shape[0];
      this.ctx.loss = step.loss.clone();
      this.ctx.mbOutput = tf.slice(step.output, [0, 0], [size, -1]);
    } finally {
      disposeMetaStep(step);
    }
  }

  override dispose(): void {
    this.disposeStep();
    super.dispose();
  }

  private disposeStep(): void {
    if (this.step) disposeMetaStep(this.step);
    this.step = undefined;
  }

  /** Avalanche's `model.apply(init_kaiming_normal)`: kaiming-normal Linear/Conv2d weights, zero biases. */
  private initKaimingNormal(): void {
    const params = new Map(this.model.namedParameters());
    for (const [name, p] of params) {
      if (!name.endsWith('weight') || (p.rank !== 2 && p.rank !== 4)) continue;
      const fanIn = p.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      tf.tidy(() => p.assign(tf.randomNormal(p.shape, 0, Math.sqrt(2 / fanIn), 'float32', this.rng.nextSeed())));
      const bias = params.get(`${name.slice(0, -'weight'.length)}bias`);
      if (bias !== undefined) tf.tidy(() => bias.assign(tf.zerosLike(bias)));
    }
  }
}

function sliceBatch(mb: Minibatch, start: number, n: number): Minibatch {
  return tf.tidy(() => ({
    x: tf.slice(mb.x, start, n),
    y: tf.slice(mb.y, start, n) as tf.Tensor1D,
    taskLabels: tf.slice(mb.taskLabels, start, n) as tf.Tensor1D,
  }));
}

/** Creates a {@link LaMAMLTemplate} (Avalanche's `LaMAML`): `lamaml({ model, optimizer, nInnerUpdates: 5 })`. */
export function lamaml(options: StrategyOptions & LaMamlOptions): LaMAMLTemplate {
  return new LaMAMLTemplate(options);
}
