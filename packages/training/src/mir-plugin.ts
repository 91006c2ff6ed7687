import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  StrategyError,
  disposeMinibatch,
  parseWithSchema,
  type ClassificationDataset,
  type ContinualModel,
  type Minibatch,
  type NamedGradients,
  type StateDict,
  type StrategyContext,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { BufferSampler } from './buffer-sampler.js';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { batchGradients } from './parameter-tensors.js';
import { ReplayMemory, sourcesSchema } from './replay-memory.js';

export const mirOptionsSchema = z
  .object({
    /** Class-balanced memory size in samples (default 200). */
    memSize: z.number().int().positive().default(200),
    /** Memory candidates scored per iteration (default 200). */
    subsample: z.number().int().positive().default(200),
    /** Candidates replayed per iteration: the most interfered ones (default 1, as Avalanche's `MIR`). */
    batchSizeMem: z.number().int().positive().default(1),
    /** Experiences (e.g. the train stream) whose datasets a restored buffer points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type MirOptions = z.input<typeof mirOptionsSchema>;

/**
 * Maximally Interfered Retrieval (Aljundi et al., "Online Continual Learning with Maximally Interfered
 * Retrieval", NeurIPS 2019), as Avalanche's `MIRPlugin`. With g the gradient of the current loss and η
 * the optimizer's learning rate, a virtual step θ' = θ − η·g is taken; of `subsample` memory candidates
 * the `batchSizeMem` with the largest loss increase ℓ(f_θ'(x), y) − ℓ(f_θ(x), y) are replayed, so the
 * update uses ∇[L_current + CE(f_θ(x_mir), y_mir)].
 *
 * The memory is class-balanced and updated after each experience; as in Avalanche, candidates exclude
 * the classes of the experience's last minibatch. The replay gradient is added between computing and
 * applying gradients (`editGradients`), which reuses the current gradient for the virtual step instead
 * of a second backward pass; the reported `loss` therefore does not include the replay term.
 */
export class MirPlugin implements StrategyPlugin {
  readonly name = 'MIRPlugin';
  readonly subsample: number;
  readonly batchSizeMem: number;
  readonly memory: ReplayMemory<ClassBalancedBuffer>;
  private sampler: BufferSampler | undefined;
  private lastClasses = new Set<number>();

  constructor(options: MirOptions = {}) {
    const o = parseWithSchema(mirOptionsSchema, options, 'mir options');
    this.subsample = o.subsample;
    this.batchSizeMem = o.batchSizeMem;
    this.memory = new ReplayMemory(new ClassBalancedBuffer({ maxSize: o.memSize }), o.sources);
  }

  afterTrainingIteration(context: StrategyContext): void {
    const y = context.minibatch?.y;
    if (y !== undefined) this.lastClasses = new Set(y.dataSync());
  }

  afterTrainingExp(context: StrategyContext): void {
    this.sampler = undefined;
    if (context.experience !== undefined) this.memory.update(context.experience, context);
  }

  /**
   * The candidate loader over the memory (Avalanche builds it right after the update; building it here
   * draws its shuffle at the same point of a resumed run as of an uninterrupted one).
   */
  beforeTrainingExp(context: StrategyContext): void {
    this.sampler = undefined;
    if (this.memory.length > 0) this.rebuildSampler(context);
  }

  editGradients(context: StrategyContext, gradients: NamedGradients): NamedGradients | undefined {
    if (this.sampler === undefined) return undefined;
    const lr = (context.optimizer as { learningRate?: number } | undefined)?.learningRate;
    if (lr === undefined) throw new StrategyError('MIRPlugin needs an optimizer with a learningRate (sgd(...) or adam(...)) for its virtual step');
    const candidates = this.sampler.next();
    let chosen: Minibatch | undefined;
    try {
      const seed = context.rng.nextSeed();
      const increase = mirInterference(context.model, candidates, gradients, lr, seed);
      const k = Math.min(this.batchSizeMem, increase.length);
      const order = Array.from(increase.keys()).sort((a, b) => increase[a] - increase[b]);
      const rows = tf.tensor1d(order.slice(order.length - k), 'int32');
      chosen = { x: tf.gather(candidates.x, rows), y: tf.gather(candidates.y, rows), taskLabels: tf.gather(candidates.taskLabels, rows) };
      rows.dispose();
      const replay = batchGradients(context.model, chosen, (out, b) => crossEntropyLoss(out, b.y), context.rng.nextSeed());
      const out: NamedGradients = { ...gradients };
      for (const [name, g] of Object.entries(replay)) {
        const current = gradients[name];
        out[name] = current === undefined ? g : tf.add(current, g);
        if (current !== undefined) g.dispose();
      }
      return out;
    } finally {
      disposeMinibatch(candidates);
      if (chosen) disposeMinibatch(chosen);
    }
  }

  stateDict(): StateDict {
    return { storage: this.memory.stateDict(), lastClasses: [...this.lastClasses].sort((a, b) => a - b) };
  }

  loadStateDict(state: StateDict): void {
    this.memory.loadStateDict(state.storage, 'MIRPlugin state.storage');
    this.lastClasses = new Set(parseWithSchema(z.array(z.number().int()), state.lastClasses, 'MIRPlugin state.lastClasses'));
    this.sampler = undefined;
  }

  dispose(): void {
    this.sampler = undefined;
  }

  private rebuildSampler(context: StrategyContext): void {
    const parts: ClassificationDataset[] = [];
    for (const [c, group] of this.memory.policy.bufferGroups) {
      const data = group.buffer;
      if (!this.lastClasses.has(c) && data !== undefined && data.length > 0) parts.push(data);
    }
    const candidates = parts.length === 0 ? undefined : parts[0].concat(...parts.slice(1));
    // Avalanche: DataLoader(buffer, batch_size=subsample, shuffle=True), only when it holds more than batchSizeMem.
    this.sampler = candidates !== undefined && candidates.length > this.batchSizeMem ? new BufferSampler(candidates, this.subsample, context.rng, false) : undefined;
  }
}

/**
 * MIR's interference score: the per-sample cross-entropy increase of `batch` after the virtual step
 * θ' = θ − lr·g, ℓ(f_θ'(x), y) − ℓ(f_θ(x), y) (same dropout seed for both passes). The model's weights are
 * restored afterwards.
 */
export function mirInterference(model: ContinualModel, batch: Minibatch, gradients: NamedGradients, lr: number, seed: number): Float32Array {
  const perSample = () => tf.tidy(() => {
    const out = model.forward(batch.x, { taskLabels: batch.taskLabels, seed });
    return tf.neg(tf.sum(tf.mul(tf.oneHot(batch.y, out.shape[1]), tf.logSoftmax(out)), 1));
  });
  const params = model.namedParameters().filter(([name, v]) => v.trainable && gradients[name] !== undefined);
  const before = perSample();
  const saved = params.map(([, v]) => tf.keep(v.clone()));
  let after: tf.Tensor | undefined;
  try {
    tf.tidy(() => params.forEach(([name, v]) => v.assign(tf.sub(v, tf.mul(gradients[name], lr)))));
    after = perSample();
  } finally {
    params.forEach(([, v], k) => v.assign(saved[k]));
    tf.dispose(saved);
  }
  const diff = tf.tidy(() => tf.sub(after!, before));
  const values = diff.dataSync() as Float32Array;
  tf.dispose([before, after, diff]);
  return values;
}

/** A {@link MirPlugin}: `mirPlugin({ memSize: 200, subsample: 50, batchSizeMem: 10 })`. */
export function mirPlugin(options: MirOptions = {}): MirPlugin {
  return new MirPlugin(options);
}
