import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  CheckpointError,
  StrategyError,
  parseWithSchema,
  type ContinualModel,
  type Rng,
  type StateDict,
  type StrategyContext,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { Module, forwardContext } from '@avalanche-ts/models';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { featureRows, modelFeatures } from './feature-rows.js';
import { groupLengths } from './storage-policy.js';
import type { Criterion } from './strategy-options.js';

export const featureReplayOptionsSchema = z
  .object({
    /** Name of the model's last layer, the classifier trained on replayed features (default "classifier"). */
    lastLayerName: z.string().min(1).default('classifier'),
    /** Stored feature vectors, class-balanced (Avalanche's `FeatureReplayPlugin` default 10000; the strategy's 200). */
    memSize: z.number().int().positive().default(10000),
    /** Replayed features per minibatch (default: the strategy's `trainMbSize`). */
    batchSizeMem: z.number().int().positive().optional(),
  })
  .strict();
export type FeatureReplayOptions = z.input<typeof featureReplayOptionsSchema>;

interface FeatureGroup {
  rows: Float32Array[];
  weights: number[];
}

/**
 * Feature replay (Magistri et al., "Elastic Feature Consolidation for Cold Start Exemplar-Free
 * Incremental Learning", ICLR 2024: the PR-ACE protocol), as Avalanche's `FeatureReplayPlugin` /
 * `FeatureReplay`: after each experience the penultimate features of its samples (eval mode) join a
 * class-balanced reservoir of `memSize` vectors. From then on, with w = 1/(experience index + 1), a
 * replayed batch (f_m, y_m) and the current batch's features f (detached, so only the last layer learns
 * from these two terms), the loss is
 *   L = ½·criterion(z, y) + ½·((1 − w)·CE(h(f_m), y_m) + w·CE(h(f), y)),
 * with h the last layer. Use `plugin.criterion(base)` as the strategy's criterion.
 */
export class FeatureReplayPlugin implements StrategyPlugin {
  readonly name = 'FeatureReplayPlugin';
  readonly lastLayerName: string;
  readonly memSize: number;
  private readonly batchSizeMem: number | undefined;
  private groups = new Map<number, FeatureGroup>();
  private d = 0;
  private sampleOrder: Int32Array = new Int32Array(0);
  private cursor = 0;
  private detached: tf.Tensor2D | undefined;

  constructor(options: FeatureReplayOptions = {}) {
    const o = parseWithSchema(featureReplayOptionsSchema, options, 'featureReplay options');
    this.lastLayerName = o.lastLayerName;
    this.memSize = o.memSize;
    this.batchSizeMem = o.batchSizeMem;
  }

  /** Stored feature vectors. */
  get length(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.rows.length;
    return n;
  }

  /** Stored vectors per class. */
  get classSizes(): ReadonlyMap<number, number> {
    return new Map([...this.groups].map(([c, g]) => [c, g.rows.length]));
  }

  /** The PR-ACE loss around `base`, the loss on the current data (Avalanche's `MaskedCrossEntropy` by default). */
  criterion(base: Criterion = crossEntropyLoss): Criterion {
    return (output, targets, context) => {
      const detached = this.detached;
      if (!context.isTraining || detached === undefined || this.length === 0) return base(output, targets, context);
      return tf.tidy(() => {
        const head = headOf(context.model, this.lastLayerName);
        const ctx = forwardContext(context.rng);
        const w = 1 / ((context.experience?.currentExperience ?? 0) + 1);
        const { x, y } = this.nextBatch(this.batchSizeMem ?? context.trainMbSize, context.rng);
        const replayed = crossEntropyLoss(head.call(x, ctx) as tf.Tensor2D, y);
        const current = crossEntropyLoss(head.call(detached, ctx) as tf.Tensor2D, targets);
        const main = base(output, targets, context);
        return tf.add(tf.mul(main, 0.5), tf.mul(tf.add(tf.mul(replayed, 1 - w), tf.mul(current, w)), 0.5)) as tf.Scalar;
      });
    };
  }

  /** The current batch's features, computed outside the gradient closure (so they are constants in it). */
  beforeForward(context: StrategyContext): void {
    this.disposeDetached();
    const mb = context.minibatch;
    if (!context.isTraining || mb === undefined || this.length === 0) return;
    this.detached = tf.tidy(() => modelFeatures(context.model, mb.x, mb.taskLabels, this.name));
  }

  afterTrainingIteration(): void {
    this.disposeDetached();
  }

  afterTrainingExp(context: StrategyContext): void {
    headOf(context.model, this.lastLayerName);
    const rows = featureRows(context.model, context.experience!.dataset.eval(), this.name, { batchSize: context.trainMbSize });
    this.addFeatures(rows.features, rows.targets, rows.d, context.rng);
  }

  stateDict(): StateDict {
    const classes = [...this.groups.keys()].sort((a, b) => a - b);
    return {
      d: this.d,
      classes,
      rows: classes.map((c) => concatRows(this.groups.get(c)!.rows, this.d)),
      weights: classes.map((c) => [...this.groups.get(c)!.weights]),
    };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(
      z.object({ d: z.number().int().nonnegative(), classes: z.array(z.number().int()), rows: z.array(z.instanceof(Float32Array)), weights: z.array(z.array(z.number())) }),
      state,
      'FeatureReplayPlugin state',
    );
    if (s.classes.length !== s.rows.length || s.classes.length !== s.weights.length) throw new CheckpointError('FeatureReplayPlugin state: classes, rows and weights differ in length');
    this.d = s.d;
    this.groups = new Map(
      s.classes.map((c, k) => {
        const n = s.weights[k].length;
        if (s.rows[k].length !== n * s.d) throw new CheckpointError(`FeatureReplayPlugin state: class ${c} has ${s.rows[k].length} values for ${n} vectors of ${s.d}`);
        return [c, { rows: Array.from({ length: n }, (_, i) => s.rows[k].slice(i * s.d, (i + 1) * s.d)), weights: [...s.weights[k]] }];
      }),
    );
    this.sampleOrder = new Int32Array(0);
    this.cursor = 0;
  }

  dispose(): void {
    this.disposeDetached();
  }

  /**
   * Avalanche's `ClassBalancedBuffer.update_from_dataset`: each class keeps a reservoir (the vectors with the
   * largest random weights among its old and new ones) of `memSize // nClasses` vectors, the remainder
   * going to the first classes.
   */
  private addFeatures(features: Float32Array, targets: Int32Array, d: number, rng: Rng): void {
    this.d = d;
    for (let i = 0; i < targets.length; i++) {
      let g = this.groups.get(targets[i]);
      if (g === undefined) this.groups.set(targets[i], (g = { rows: [], weights: [] }));
      g.rows.push(features.slice(i * d, (i + 1) * d));
      g.weights.push(rng.next());
    }
    const classes = [...this.groups.keys()].sort((a, b) => a - b);
    const lens = groupLengths(this.memSize, classes.length, true);
    classes.forEach((c, k) => {
      const g = this.groups.get(c)!;
      const keep = g.weights.map((w, i) => [w, i] as const).sort((a, b) => b[0] - a[0]).slice(0, lens[k]).map(([, i]) => i).sort((a, b) => a - b);
      this.groups.set(c, { rows: keep.map((i) => g.rows[i]), weights: keep.map((i) => g.weights[i]) });
    });
    this.sampleOrder = new Int32Array(0);
    this.cursor = 0;
  }

  /** The next replay batch of a shuffled cycle over the memory (the last incomplete batch is dropped). */
  private nextBatch(size: number, rng: Rng): { x: tf.Tensor2D; y: tf.Tensor1D } {
    const entries: Array<[number, Float32Array]> = [];
    for (const c of [...this.groups.keys()].sort((a, b) => a - b)) for (const r of this.groups.get(c)!.rows) entries.push([c, r]);
    const b = Math.min(size, entries.length);
    if (this.sampleOrder.length !== entries.length || this.cursor + b > this.sampleOrder.length) {
      this.sampleOrder = rng.permutation(entries.length);
      this.cursor = 0;
    }
    const x = new Float32Array(b * this.d);
    const y = new Int32Array(b);
    for (let i = 0; i < b; i++) {
      const [c, row] = entries[this.sampleOrder[this.cursor + i]];
      x.set(row, i * this.d);
      y[i] = c;
    }
    this.cursor += b;
    return { x: tf.tensor2d(x, [b, this.d]), y: tf.tensor1d(y, 'int32') };
  }

  private disposeDetached(): void {
    this.detached?.dispose();
    this.detached = undefined;
  }
}

function headOf(model: ContinualModel, name: string): Module {
  const head = model instanceof Module ? model.namedChildren().find(([n]) => n === name)?.[1] : undefined;
  if (head === undefined) throw new StrategyError(`FeatureReplay: the model (${model.name}) has no child module named "${name}" (lastLayerName)`);
  return head;
}

function concatRows(rows: Float32Array[], d: number): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => out.set(r, i * d));
  return out;
}

/** A {@link FeatureReplayPlugin}: `featureReplayPlugin({ memSize: 10000 })`. */
export function featureReplayPlugin(options: FeatureReplayOptions = {}): FeatureReplayPlugin {
  return new FeatureReplayPlugin(options);
}
