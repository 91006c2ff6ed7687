import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  StrategyError,
  disposeMinibatch,
  parseWithSchema,
  type ContinualModel,
  type Minibatch,
  type StateDict,
  type StrategyContext,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { AmlCriterion, amlOptionsSchema } from './aml-criterion.js';
import { BufferSampler } from './buffer-sampler.js';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { ReplayMemory, sourcesSchema } from './replay-memory.js';
import type { Criterion } from './strategy-options.js';

export const erAmlOptionsSchema = amlOptionsSchema.extend({
  /** Class-balanced memory size in samples (default 200). */
  memSize: z.number().int().positive().default(200),
  /** Memory samples of the cross-entropy replay batch (default 10). */
  batchSizeMem: z.number().int().positive().default(10),
  /** Experiences (e.g. the train stream) whose datasets a restored buffer points into; needed to resume from a checkpoint. */
  sources: sourcesSchema.optional(),
});
export type ErAmlOptions = z.input<typeof erAmlOptionsSchema>;

/** Features of a batch (default: `model.getFeatures`), differentiable: runs inside the gradient closure. */
export type FeatureFn = (model: ContinualModel, x: tf.Tensor, taskLabels: tf.Tensor1D, seed: number) => tf.Tensor2D;

interface AmlDraw {
  readonly buffer: Minibatch;
  readonly positives: Minibatch;
  readonly negatives: Minibatch;
  /** Incoming samples that got both a positive and a negative. */
  readonly anchors: Int32Array;
  readonly seed: number;
}

/**
 * ER-AML (Caccia et al., ICLR 2022), as Avalanche's `ER_AML`: like ER-ACE, a class-balanced memory is
 * updated with the incoming experience before training on it; from the second experience on, each
 * iteration draws `batchSizeMem` memory samples for a cross-entropy term and, from a pool of up to
 * `trainMbSize` samples per stored class, one positive and one negative per incoming sample for the
 * supervised-contrastive term of {@link AmlCriterion}: L = L_in(features) + CE(f(x_buf), y_buf). The
 * incoming batch gets no cross-entropy, only the metric loss. Its {@link criterion} must be the
 * strategy's criterion (the {@link erAml} factory wires both).
 */
export class ErAmlPlugin implements StrategyPlugin {
  readonly name = 'ER_AMLPlugin';
  readonly batchSizeMem: number;
  readonly aml: AmlCriterion;
  readonly memory: ReplayMemory<ClassBalancedBuffer>;
  private readonly features: FeatureFn;
  private sampler: BufferSampler | undefined;
  private groupSamplers: BufferSampler[] = [];
  private draw: AmlDraw | undefined;

  constructor(options: ErAmlOptions = {}, features?: FeatureFn) {
    const o = parseWithSchema(erAmlOptionsSchema, options, 'erAml options');
    this.batchSizeMem = o.batchSizeMem;
    this.aml = new AmlCriterion({ temp: o.temp, baseTemp: o.baseTemp, sameTaskNeg: o.sameTaskNeg });
    this.memory = new ReplayMemory(new ClassBalancedBuffer({ maxSize: o.memSize }), o.sources);
    this.features = features ?? modelFeatures;
  }

  beforeTrainingExp(context: StrategyContext): void {
    const experience = context.experience;
    if (experience === undefined) return;
    this.memory.update(experience, context);
    const buffer = this.memory.policy.buffer;
    this.sampler = undefined;
    this.groupSamplers = [];
    if (buffer === undefined || buffer.length < this.batchSizeMem || experience.currentExperience === 0) return;
    this.sampler = new BufferSampler(buffer, this.batchSizeMem, context.rng);
    for (const group of this.memory.policy.bufferGroups.values()) {
      const data = group.buffer;
      // Avalanche's per-class loaders use drop_last with trainMbSize; a class with fewer samples gives them all.
      if (data !== undefined && data.length > 0) this.groupSamplers.push(new BufferSampler(data, Math.min(context.trainMbSize, data.length), context.rng));
    }
  }

  beforeForward(context: StrategyContext): void {
    this.release();
    const mb = context.minibatch;
    if (this.sampler === undefined || mb === undefined) return;
    const pool = this.groupSamplers.map((s) => ({ sampler: s, idx: Int32Array.from(s.nextIndices()) }));
    const yMem = pool.flatMap(({ sampler, idx }) => Array.from(idx, (i) => sampler.dataset.targets[i]));
    const tMem = pool.flatMap(({ sampler, idx }) => Array.from(idx, (i) => sampler.dataset.taskLabels[i]));
    const { pos, neg } = this.aml.samplePositiveNegative(mb.y.dataSync(), mb.taskLabels.dataSync(), yMem, tMem, context.rng);
    const anchors = Int32Array.from(pos.keys()).filter((i) => pos[i] >= 0 && neg[i] >= 0);
    const parts = pool.map(({ sampler, idx }) => sampler.dataset.getBatch(idx, { rng: context.rng }));
    const joined = joinMinibatches(parts);
    const pick = (which: Int32Array) => {
      const rows = tf.tensor1d(Int32Array.from(anchors, (i) => which[i]), 'int32');
      const picked: Minibatch = { x: tf.gather(joined.x, rows), y: tf.gather(joined.y, rows), taskLabels: tf.gather(joined.taskLabels, rows) };
      rows.dispose();
      return picked;
    };
    this.draw = { buffer: this.sampler.next(), positives: pick(pos), negatives: pick(neg), anchors, seed: context.rng.nextSeed() };
    disposeMinibatch(joined);
  }

  afterTrainingIteration(): void {
    this.release();
  }

  afterTrainingExp(): void {
    this.release();
    this.sampler = undefined;
    this.groupSamplers = [];
  }

  /** The ER-AML loss while memory batches are drawn, `fallback` (default cross-entropy) otherwise. */
  criterion(fallback: Criterion = crossEntropyLoss): Criterion {
    return (output, targets, context) => {
      const draw = this.draw;
      const mb = context.minibatch;
      if (!context.isTraining || draw === undefined || mb === undefined) return fallback(output, targets, context);
      return tf.tidy(() => {
        const { model } = context;
        const buffer = draw.buffer;
        const lossBuffer = crossEntropyLoss(model.forward(buffer.x, { taskLabels: buffer.taskLabels, seed: draw.seed }), buffer.y);
        if (draw.anchors.length === 0) return lossBuffer;
        const rows = tf.tensor1d(draw.anchors, 'int32');
        const xIn = tf.gather(mb.x, rows);
        const tIn = tf.gather(mb.taskLabels, rows) as tf.Tensor1D;
        const hiddenIn = this.features(model, xIn, tIn, draw.seed);
        const pn = tf.concat([draw.positives.x, draw.negatives.x]);
        const hiddenPn = this.features(model, pn, tf.concat([draw.positives.taskLabels, draw.negatives.taskLabels]) as tf.Tensor1D, draw.seed);
        const [hiddenPos, hiddenNeg] = tf.split(hiddenPn, 2) as [tf.Tensor2D, tf.Tensor2D];
        const lossIn = this.aml.supConLoss(hiddenIn, tf.gather(targets, rows) as tf.Tensor1D, hiddenPos, draw.positives.y, hiddenNeg, draw.negatives.y);
        return tf.add(lossIn, lossBuffer) as tf.Scalar;
      });
    };
  }

  stateDict(): StateDict {
    return { storage: this.memory.stateDict() };
  }

  loadStateDict(state: StateDict): void {
    this.memory.loadStateDict(state.storage, 'ER_AMLPlugin state.storage');
  }

  dispose(): void {
    this.release();
    this.sampler = undefined;
    this.groupSamplers = [];
  }

  private release(): void {
    if (this.draw !== undefined) {
      disposeMinibatch(this.draw.buffer);
      disposeMinibatch(this.draw.positives);
      disposeMinibatch(this.draw.negatives);
    }
    this.draw = undefined;
  }
}

/** One minibatch from several (one concat per field); the parts are freed. */
function joinMinibatches(parts: Minibatch[]): Minibatch {
  const joined: Minibatch = {
    x: tf.concat(parts.map((p) => p.x)),
    y: tf.concat(parts.map((p) => p.y)),
    taskLabels: tf.concat(parts.map((p) => p.taskLabels)),
  };
  parts.forEach(disposeMinibatch);
  return joined;
}

function modelFeatures(model: ContinualModel, x: tf.Tensor, taskLabels: tf.Tensor1D, seed: number): tf.Tensor2D {
  if (model.getFeatures === undefined) throw new StrategyError(`ER-AML needs a model with getFeatures() (its feature extractor); ${model.name} has none`);
  return model.getFeatures(x, { taskLabels, seed });
}

/** An {@link ErAmlPlugin}: `erAmlPlugin({ temp: 0.1, memSize: 200 })`. */
export function erAmlPlugin(options: ErAmlOptions = {}, features?: FeatureFn): ErAmlPlugin {
  return new ErAmlPlugin(options, features);
}
