import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  CheckpointError,
  StrategyError,
  parseWithSchema,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { pppLoss } from './ppp-loss.js';
import { ReplayDataLoader } from './replay-data-loader.js';
import { ReplayMemory, sourcesSchema } from './replay-memory.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import type { Criterion } from './strategy-options.js';

export const copeOptionsSchema = z
  .object({
    /** Class-balanced replay memory size (default 200). */
    memSize: z.number().int().positive().default(200),
    /** Number of classes of the whole stream; one prototype each (default 10). */
    nClasses: z.number().int().min(2).default(10),
    /** Prototype (embedding) size: the model's output width (default 100). */
    pSize: z.number().int().positive().default(100),
    /** Prototype momentum α (default 0.99). */
    alpha: z.number().min(0).max(1).default(0.99),
    /** Softmax temperature T of the PPP loss and of the eval scores (default 0.1). */
    T: z.number().positive().default(0.1),
    /** Create a class's prototype when the class first appears instead of all at once before training (default false, Avalanche's). */
    pInitAdaptive: z.boolean().default(false),
    /** Iterations per experience before training stops (default 1: one pass of the online batch). */
    maxItCnt: z.number().int().positive().default(1),
    /** Experiences (e.g. the train stream) whose datasets a restored buffer points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type CopeOptions = z.input<typeof copeOptionsSchema>;

const stateSchema = z.object({ prototypes: z.instanceof(Float32Array), known: z.instanceof(Int32Array) });

/**
 * Continual Prototype Evolution (De Lange & Tuytelaars, ICCV 2021), as Avalanche's `CoPEPlugin`. The model's
 * output is an embedding of `pSize` units, L2-normalised; every class has a prototype p_c (all
 * `nClasses` drawn uniformly in [−1, 1]^pSize and normalised before training). Each minibatch (the
 * online batch plus as many class-balanced memory samples) is trained with the PPP loss
 * {@link pppLoss}; the normalised embeddings are summed per class, and after the experience
 * p_c ← normalise(α·p_c + (1 − α)·normalise(mean_c)). Training stops after `maxItCnt` iterations of an
 * experience (CoPE is meant for online streams of one batch per experience); the memory is updated
 * after it. In eval the output becomes the prototype scores z·p_c / T, whose argmax is the nearest
 * prototype (Avalanche emits its one-hot) and whose cross-entropy is the eval loss. Its
 * {@link criterion} must be the strategy's (the {@link cope} factory wires it); Avalanche swaps it in.
 */
export class CopePlugin implements StrategyPlugin {
  readonly name = 'CoPEPlugin';
  readonly options: Readonly<Omit<z.output<typeof copeOptionsSchema>, 'sources'>>;
  readonly memory: ReplayMemory<ClassBalancedBuffer>;
  /** Prototype rows of every class, [nClasses, pSize]; only rows of `known` classes are used. */
  private protoData: Float32Array;
  private readonly known = new Set<number>();
  /** The known prototypes as a tensor (rows in ascending class order), rebuilt when they change. */
  private cache: { tensor: tf.Tensor2D; classes: number[] } | undefined;
  private sums = new Map<number, { sum: Float32Array; count: number }>();
  private iterations = 0;

  constructor(options: CopeOptions = {}) {
    const { sources, ...o } = parseWithSchema(copeOptionsSchema, options, 'cope options');
    this.options = o;
    this.memory = new ReplayMemory(new ClassBalancedBuffer({ maxSize: o.memSize }), sources);
    this.protoData = new Float32Array(o.nClasses * o.pSize);
  }

  /** The prototypes of the classes that have one, by class id (copies). */
  get prototypes(): Map<number, Float32Array> {
    const { pSize } = this.options;
    return new Map([...this.known].sort((a, b) => a - b).map((c) => [c, this.protoData.slice(c * pSize, (c + 1) * pSize)]));
  }

  /** Static prototype initialisation (Avalanche's default, `p_init_adaptive = False`): every class at once. */
  beforeTraining(context: StrategyContext): void {
    if (!this.options.pInitAdaptive && this.known.size === 0) this.initPrototypes(Array.from({ length: this.options.nClasses }, (_, c) => c), context);
  }

  /** With `pInitAdaptive`, prototypes for classes seen for the first time. */
  beforeForward(context: StrategyContext): void {
    const y = context.minibatch?.y;
    if (this.options.pInitAdaptive && y !== undefined) this.initPrototypes([...new Set(y.dataSync())].sort((a, b) => a - b), context);
  }

  beforeTrainingExp(context: StrategyContext, controls: StrategyControls): void {
    this.iterations = 0;
    const buffer = this.memory.policy.buffer;
    if (buffer === undefined || buffer.length === 0 || context.adaptedDataset === undefined) return;
    controls.setDataLoader(new ReplayDataLoader(context.adaptedDataset, buffer, { batchSize: context.trainMbSize, batchSizeMem: context.trainMbSize, rng: context.rng }));
  }

  /** Accumulates the batch's normalised embeddings per class, then stops after `maxItCnt` iterations. */
  afterTrainingIteration(context: StrategyContext, controls: StrategyControls): void {
    const out = context.mbOutput;
    const mb = context.minibatch;
    if (out !== undefined && mb !== undefined) {
      const z = tf.tidy(() => normalizeRows(out));
      const values = z.dataSync() as Float32Array;
      z.dispose();
      const labels = mb.y.dataSync();
      const d = out.shape[1];
      labels.forEach((c, i) => {
        const entry = this.sums.get(c) ?? { sum: new Float32Array(d), count: 0 };
        for (let k = 0; k < d; k++) entry.sum[k] += values[i * d + k];
        entry.count++;
        this.sums.set(c, entry);
      });
    }
    this.iterations++;
    if (this.iterations >= this.options.maxItCnt) controls.stopTraining();
  }

  /** Moves each prototype towards its class's mean embedding, then stores the experience in the memory. */
  afterTrainingExp(context: StrategyContext): void {
    const { alpha, pSize } = this.options;
    for (const [c, { sum, count }] of this.sums) {
      if (!this.known.has(c)) throw new StrategyError(`CoPE: class ${c} has no prototype (nClasses is ${this.options.nClasses})`);
      const incr = normalizeVector(Float32Array.from(sum, (v) => v / count));
      const old = this.protoData.subarray(c * pSize, (c + 1) * pSize);
      old.set(normalizeVector(Float32Array.from(old, (p, k) => alpha * p + (1 - alpha) * incr[k])));
    }
    if (this.sums.size > 0) this.invalidate();
    this.sums.clear();
    if (context.experience !== undefined) this.memory.update(context.experience, context);
  }

  /** Eval output: prototype scores z·p_c / T (argmax = nearest prototype). */
  afterEvalForward(context: StrategyContext, controls: StrategyControls): void {
    const out = context.mbOutput;
    if (out === undefined || this.known.size === 0) return;
    this.checkWidth(out.shape[1]);
    const { nClasses, pSize, T } = this.options;
    // Classes without a prototype are never predicted (Avalanche fills their means with inf).
    const bias = Float32Array.from({ length: nClasses }, (_, c) => (this.known.has(c) ? 0 : -1e9));
    controls.setOutput(
      tf.tidy(() => tf.add(tf.div(tf.matMul(normalizeRows(out), tf.tensor2d(this.protoData, [nClasses, pSize]), false, true), T), tf.tensor1d(bias)) as tf.Tensor2D),
    );
  }

  /** The PPP loss on the normalised embeddings in training; cross-entropy on prototype scores in eval. */
  criterion(): Criterion {
    return (output, targets, context) => {
      if (!context.isTraining) return crossEntropyLoss(output, targets);
      const protos = this.knownPrototypes();
      if (protos === undefined) throw new StrategyError('CoPE: prototypes are created in beforeTraining; is the CoPEPlugin among the strategy plugins?');
      this.checkWidth(output.shape[1]);
      return tf.tidy(() => pppLoss(normalizeRows(output), targets, protos.tensor, this.options.T, protos.classes));
    };
  }

  stateDict(): StateDict {
    return { storage: this.memory.stateDict(), prototypes: this.protoData.slice(), known: Int32Array.from([...this.known].sort((a, b) => a - b)) };
  }

  loadStateDict(state: StateDict): void {
    this.memory.loadStateDict(state.storage, 'CoPEPlugin state.storage');
    const s = parseWithSchema(stateSchema, state, 'CoPEPlugin state');
    const { nClasses, pSize } = this.options;
    if (s.prototypes.length !== nClasses * pSize) throw new CheckpointError(`CoPEPlugin state.prototypes: ${s.prototypes.length} values, expected ${nClasses} x ${pSize}`);
    this.protoData = s.prototypes.slice();
    this.known.clear();
    for (const c of s.known) this.known.add(c);
    this.invalidate();
  }

  dispose(): void {
    this.invalidate();
    this.sums.clear();
  }

  private initPrototypes(classes: readonly number[], context: StrategyContext): void {
    const { nClasses, pSize } = this.options;
    for (const c of classes) {
      if (this.known.has(c)) continue;
      if (c < 0 || c >= nClasses) throw new StrategyError(`CoPE: class ${c} is outside 0..${nClasses - 1} (nClasses)`);
      this.protoData.set(normalizeVector(Float32Array.from({ length: pSize }, () => context.rng.next() * 2 - 1)), c * pSize);
      this.known.add(c);
      this.invalidate();
    }
  }

  private knownPrototypes(): { tensor: tf.Tensor2D; classes: number[] } | undefined {
    if (this.known.size === 0) return undefined;
    if (this.cache === undefined) {
      const { pSize } = this.options;
      const classes = [...this.known].sort((a, b) => a - b);
      const rows = new Float32Array(classes.length * pSize);
      classes.forEach((c, k) => rows.set(this.protoData.subarray(c * pSize, (c + 1) * pSize), k * pSize));
      this.cache = { tensor: tf.keep(tf.tensor2d(rows, [classes.length, pSize])), classes };
    }
    return this.cache;
  }

  private invalidate(): void {
    this.cache?.tensor.dispose();
    this.cache = undefined;
  }

  private checkWidth(width: number): void {
    if (width !== this.options.pSize) throw new StrategyError(`CoPE: the model outputs ${width} units but pSize is ${this.options.pSize}; the output is the embedding`);
  }
}

function normalizeRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
}

function normalizeVector(v: Float32Array): Float32Array {
  const n = Math.max(Math.sqrt(v.reduce((a, x) => a + x * x, 0)), 1e-12);
  return v.map((x) => x / n);
}

/** A {@link CopePlugin}: `copePlugin({ nClasses: 10, pSize: 100 })`. */
export function copePlugin(options: CopeOptions = {}): CopePlugin {
  return new CopePlugin(options);
}
