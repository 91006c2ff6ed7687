import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  CheckpointError,
  parseWithSchema,
  type ClassificationDataset,
  type Experience,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { BufferSampler } from './buffer-sampler.js';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { LogitsDataset } from './logits-dataset.js';
import { forEachBatch, withTrainingMode } from './parameter-tensors.js';
import { storageContext } from './storage-policy.js';
import { sourcesSchema } from './replay-memory.js';
import { resolverOf, sourceKeyOf, type DatasetResolver } from './storage-policy.js';
import type { Criterion } from './strategy-options.js';

export const derOptionsSchema = z
  .object({
    /** Class-balanced memory size in samples (default 200). */
    memSize: z.number().int().positive().default(200),
    /** Memory samples per minibatch (default: the strategy's `trainMbSize`). */
    batchSizeMem: z.number().int().positive().optional(),
    /** α, weight of the MSE between current and stored logits of memory samples (default 0.1). */
    alpha: z.number().nonnegative().default(0.1),
    /** β, weight of the cross-entropy on memory samples; β > 0 is DER++, β = 0 plain DER (default 0.5). */
    beta: z.number().nonnegative().default(0.5),
    /** Experiences (e.g. the train stream) whose datasets a restored buffer points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type DerOptions = z.input<typeof derOptionsSchema>;

interface StoredLogits {
  readonly logits: Float32Array;
  readonly width: number;
}

const logitsStateSchema = z.object({
  keys: z.array(z.string()),
  widths: z.array(z.number().int().positive()),
  indices: z.array(z.instanceof(Int32Array)),
  values: z.array(z.instanceof(Float32Array)),
});

/**
 * Dark Experience Replay, DER and DER++ (Buzzega et al., "Dark Experience for General Continual Learning:
 * a Strong, Simple Baseline", NeurIPS 2020), as Avalanche's `DER`: after each experience its samples are
 * offered to a class-balanced memory together with the logits z the model gives them (eval mode) at
 * that point. From then on every minibatch is preceded by `batchSizeMem` memory samples (one joint
 * forward pass) and
 *
 *   L = CE(f(x), y) + α · MSE(f(x_mem), z_mem) + β · CE(f(x_mem), y_mem).
 *
 * Logits stored when the model had fewer outputs are compared on those outputs only. Its
 * {@link criterion} must be the strategy's criterion (the {@link der} factory wires both).
 */
export class DerPlugin implements StrategyPlugin {
  readonly name = 'DERPlugin';
  readonly alpha: number;
  readonly beta: number;
  readonly storagePolicy: ClassBalancedBuffer;
  private readonly batchSizeMem: number | undefined;
  private readonly sources: DatasetResolver | undefined;
  private readonly seen = new Map<string, LogitsDataset>();
  private readonly stored = new Map<string, StoredLogits>();
  private sampler: BufferSampler | undefined;
  /** Stored logits of the memory rows at the front of the current minibatch. */
  private memLogits: tf.Tensor2D | undefined;

  constructor(options: DerOptions = {}) {
    const o = parseWithSchema(derOptionsSchema, options, 'der options');
    this.alpha = o.alpha;
    this.beta = o.beta;
    this.batchSizeMem = o.batchSizeMem;
    this.storagePolicy = new ClassBalancedBuffer({ maxSize: o.memSize });
    this.sources = resolverOf(o.sources);
  }

  beforeTrainingExp(context: StrategyContext): void {
    const buffer = this.storagePolicy.buffer;
    const size = this.batchSizeMem ?? context.trainMbSize;
    this.sampler = buffer !== undefined && buffer.length >= size ? new BufferSampler(buffer, size, context.rng) : undefined;
  }

  beforeForward(context: StrategyContext, controls: StrategyControls): void {
    this.release();
    const mb = context.minibatch;
    if (this.sampler === undefined || mb === undefined) return;
    const draw = this.sampler.next();
    const joined = { x: tf.concat([draw.x, mb.x]), y: tf.concat([draw.y, mb.y]), taskLabels: tf.concat([draw.taskLabels, mb.taskLabels]) };
    this.memLogits = draw.extras!.logits as tf.Tensor2D;
    // Other per-sample attributes of the memory's datasets are not replayed.
    for (const [name, t] of Object.entries(draw.extras!)) if (name !== 'logits') t.dispose();
    draw.x.dispose();
    draw.y.dispose();
    draw.taskLabels.dispose();
    controls.setMinibatch(joined);
  }

  afterTrainingIteration(): void {
    this.release();
  }

  /** Stores the experience's samples with the logits the model gives them now (eval mode, no gradient). */
  afterTrainingExp(context: StrategyContext): void {
    this.release();
    this.sampler = undefined;
    const experience = context.experience;
    if (experience === undefined) return;
    const stored = computeLogits(context, experience.dataset);
    const key = sourceKeyOf(experience);
    this.stored.set(key, stored);
    const dataset = new LogitsDataset(experience.dataset, stored.logits, stored.width);
    this.seen.set(key, dataset);
    this.storagePolicy.update({ ...experience, dataset }, storageContext(context));
  }

  /** The DER(++) loss while memory rows lead the minibatch, `fallback` (default cross-entropy) otherwise. */
  criterion(fallback: Criterion = crossEntropyLoss): Criterion {
    return (output, targets, context) => {
      const stored = this.memLogits;
      if (!context.isTraining || stored === undefined) return fallback(output, targets, context);
      return tf.tidy(() => {
        const m = stored.shape[0];
        const outMem = tf.slice(output, [0, 0], [m, -1]);
        const outCur = tf.slice(output, [m, 0], [-1, -1]);
        const yMem = tf.slice(targets, [0], [m]);
        const yCur = tf.slice(targets, [m], [-1]);
        const width = Math.min(stored.shape[1], output.shape[1]);
        const z = tf.slice(stored, [0, 0], [m, width]);
        const known = tf.logicalNot(tf.isNaN(z));
        const diff = tf.where(known, tf.sub(tf.slice(outMem, [0, 0], [m, width]), tf.where(known, z, tf.zerosLike(z))), tf.zerosLike(z));
        const mse = tf.div(tf.sum(tf.square(diff)), tf.maximum(tf.sum(tf.cast(known, 'float32')), 1));
        let loss = tf.add(crossEntropyLoss(outCur, yCur), tf.mul(this.alpha, mse));
        if (this.beta > 0) loss = tf.add(loss, tf.mul(this.beta, crossEntropyLoss(outMem, yMem)));
        return loss as tf.Scalar;
      });
    };
  }

  /** The memory (class-balanced indices) and, for the stored samples only, their logits. */
  stateDict(): StateDict {
    const used = new Map<string, Set<number>>();
    for (const group of this.storagePolicy.bufferGroups.values()) {
      const s = group.stateDict() as { keys: string[]; viewIndices: Int32Array[] };
      s.keys.forEach((key, slot) => {
        const set = used.get(key) ?? new Set<number>();
        for (const i of s.viewIndices[slot]) set.add(i);
        used.set(key, set);
      });
    }
    const keys = [...used.keys()];
    const indices = keys.map((k) => Int32Array.from([...used.get(k)!].sort((a, b) => a - b)));
    const values = keys.map((k, n) => {
      const { logits, width } = this.stored.get(k)!;
      const out = new Float32Array(indices[n].length * width);
      indices[n].forEach((i, r) => out.set(logits.subarray(i * width, (i + 1) * width), r * width));
      return out;
    });
    return { storage: this.storagePolicy.stateDict(), logits: { keys, widths: keys.map((k) => this.stored.get(k)!.width), indices, values } };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(logitsStateSchema, state.logits, 'DERPlugin state.logits');
    const restored = new Map<string, { indices: Int32Array; values: Float32Array; width: number }>();
    s.keys.forEach((key, n) => restored.set(key, { indices: s.indices[n], values: s.values[n], width: s.widths[n] }));
    const resolve = (key: string): ClassificationDataset | undefined => {
      const seen = this.seen.get(key);
      if (seen) return seen;
      const base = this.sources?.(key);
      const r = restored.get(key);
      if (base === undefined || r === undefined) return base;
      if (r.values.length !== r.indices.length * r.width) throw new CheckpointError(`DERPlugin state.logits: "${key}" has ${r.values.length} values for ${r.indices.length} rows of ${r.width}`);
      const logits = new Float32Array(base.length * r.width).fill(NaN);
      r.indices.forEach((i, row) => logits.set(r.values.subarray(row * r.width, (row + 1) * r.width), i * r.width));
      this.stored.set(key, { logits, width: r.width });
      const dataset = new LogitsDataset(base, logits, r.width);
      this.seen.set(key, dataset);
      return dataset;
    };
    const storage = state.storage;
    if (storage === null || typeof storage !== 'object' || Array.isArray(storage)) throw new CheckpointError('DERPlugin state: expected a "storage" record');
    this.storagePolicy.loadStateDict(storage as StateDict, resolve);
  }

  dispose(): void {
    this.release();
    this.sampler = undefined;
  }

  private release(): void {
    this.memLogits?.dispose();
    this.memLogits = undefined;
  }
}

/** Logits of every sample of `dataset` (eval transforms, model in eval mode, batches of `trainMbSize`). */
function computeLogits(context: StrategyContext, dataset: Experience['dataset']): StoredLogits {
  const chunks: Float32Array[] = [];
  let width = 0;
  withTrainingMode(context.model, false, () =>
    forEachBatch(dataset.eval(), context.trainMbSize, (batch) => {
      const out = context.model.forward(batch.x, { taskLabels: batch.taskLabels });
      width = out.shape[1];
      chunks.push(out.dataSync() as Float32Array);
      out.dispose();
    }),
  );
  const logits = new Float32Array(dataset.length * width);
  let at = 0;
  for (const c of chunks) {
    logits.set(c, at);
    at += c.length;
  }
  return { logits, width };
}

/** A {@link DerPlugin}: `derPlugin({ alpha: 0.1, beta: 0.5 })`. */
export function derPlugin(options: DerOptions = {}): DerPlugin {
  return new DerPlugin(options);
}
