import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  CheckpointError,
  disposeMinibatch,
  parseWithSchema,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { ExperienceBalancedBuffer } from './experience-balanced-buffer.js';
import { withTrainingMode } from './parameter-tensors.js';
import { ReplayMemory } from './replay-memory.js';
import { checkMemSize, sourcesSchema, storagePolicySchema } from './replay-option-fields.js';
import { setReplayLoader } from './replay-plugin.js';
import type { StoragePolicy } from './storage-policy.js';

export const il2mOptionsSchema = z
  .object({
    /** Replay memory size (default 2000). */
    memSize: z.number().int().nonnegative().default(2000),
    batchSize: z.number().int().positive().optional(),
    /** Memory samples per minibatch (Avalanche's `mem_mb_size` / `batch_size_mem`; default `trainMbSize`). */
    batchSizeMem: z.number().int().positive().optional(),
    storagePolicy: storagePolicySchema('new ExperienceBalancedBuffer({ maxSize })').optional(),
    /** Experiences whose datasets a restored memory points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type Il2mOptions = z.input<typeof il2mOptionsSchema>;

/**
 * IL2M, class-incremental learning with dual memory (Belouadah & Popescu, ICCV 2019), as Avalanche's
 * `IL2MPlugin` (after FACIL). Training is experience replay; the second memory holds statistics:
 * after experience t, over the replayed training data (model in eval mode),
 * - μ^init_c: mean score s_c(x) of class c's samples when c is new (kept from then on),
 * - μ^curr_c: the same mean for each past class c, recomputed at every experience (on its exemplars),
 * - conf_t: mean top score max_k s_k(x) over the samples of the new classes.
 * At evaluation, when the predicted class is one of the last trained experience's classes, the score of
 * every older class c (first seen in experience e_c) is rectified (Eq. 1 of the paper):
 *   s_c ← s_c · (μ^init_c / μ^curr_c) · (conf_t / conf_{e_c}).
 * Avalanche's code splits old and new classes by the evaluated experience; this port uses the model's
 * state (the last trained experience), as the paper and FACIL do.
 */
export class Il2mPlugin implements StrategyPlugin {
  readonly name = 'IL2MPlugin';
  readonly storagePolicy: StoragePolicy;
  private readonly batchSize: number | undefined;
  private readonly batchSizeMem: number | undefined;
  private readonly memory: ReplayMemory;
  private readonly initMeans = new Map<number, number>();
  private currentMeans = new Map<number, number>();
  private readonly confidence: number[] = [];
  private readonly classToExp = new Map<number, number>();
  private lastClasses: number[] = [];

  constructor(options: Il2mOptions = {}) {
    const o = parseWithSchema(il2mOptionsSchema, options, 'il2m options');
    checkMemSize('il2m options', o.storagePolicy, options.memSize);
    this.memory = new ReplayMemory(o.storagePolicy ?? new ExperienceBalancedBuffer({ maxSize: o.memSize }), o.sources);
    this.storagePolicy = this.memory.policy;
    this.batchSize = o.batchSize;
    this.batchSizeMem = o.batchSizeMem;
  }

  /** Mean top score of each experience's new classes (conf_t), by training order. */
  get modelsConfidence(): readonly number[] {
    return this.confidence;
  }

  beforeTrainingExp(context: StrategyContext, controls: StrategyControls): void {
    setReplayLoader(context, controls, this.storagePolicy.buffer, this.batchSize, this.batchSizeMem);
  }

  afterTrainingExp(context: StrategyContext): void {
    const experience = context.experience!;
    const newClasses = new Set(experience.classesInThisExperience);
    const expIndex = this.confidence.length;
    const sums = new Map<number, number>();
    const counts = new Map<number, number>();
    let confidence = 0;
    let nNew = 0;
    withTrainingMode(context.model, false, () => {
      for (const mb of context.dataLoader!.batches()) {
        try {
          const scores = tf.tidy(() => context.model.forward(mb.x, { taskLabels: mb.taskLabels }));
          const s = scores.dataSync();
          const width = scores.shape[1];
          scores.dispose();
          const y = mb.y.dataSync();
          for (let i = 0; i < y.length; i++) {
            const c = y[i];
            sums.set(c, (sums.get(c) ?? 0) + s[i * width + c]);
            counts.set(c, (counts.get(c) ?? 0) + 1);
            if (newClasses.has(c)) {
              let max = -Infinity;
              for (let k = 0; k < width; k++) max = Math.max(max, s[i * width + k]);
              confidence += max;
              nNew++;
            }
          }
        } finally {
          disposeMinibatch(mb);
        }
      }
    });
    this.currentMeans = new Map();
    for (const [c, sum] of sums) {
      const mean = sum / counts.get(c)!;
      if (newClasses.has(c)) {
        this.initMeans.set(c, mean);
        this.classToExp.set(c, expIndex);
      } else this.currentMeans.set(c, mean);
    }
    this.confidence.push(nNew > 0 ? confidence / nNew : 0);
    this.lastClasses = [...newClasses].sort((a, b) => a - b);
    this.memory.update(experience, context);
  }

  afterEvalForward(context: StrategyContext, controls: StrategyControls): void {
    const output = context.mbOutput;
    if (output === undefined || this.currentMeans.size === 0) return;
    const [n, width] = output.shape;
    const s = Float32Array.from(output.dataSync());
    const isNew = new Set(this.lastClasses);
    const confT = this.confidence[this.confidence.length - 1];
    const factors: Array<[number, number]> = [];
    for (const [c, curr] of this.currentMeans) {
      const e = this.classToExp.get(c);
      if (c >= width || curr === 0 || e === undefined || isNew.has(c)) continue;
      factors.push([c, (this.initMeans.get(c)! / curr) * (confT / this.confidence[e])]);
    }
    for (let i = 0; i < n; i++) {
      let arg = 0;
      for (let k = 1; k < width; k++) if (s[i * width + k] > s[i * width + arg]) arg = k;
      if (!isNew.has(arg)) continue;
      for (const [c, f] of factors) s[i * width + c] *= f;
    }
    controls.setOutput(tf.tensor2d(s, [n, width]));
  }

  stateDict(): StateDict {
    return {
      storage: this.storagePolicy.stateDict(),
      initMeans: [...this.initMeans].flat(),
      currentMeans: [...this.currentMeans].flat(),
      confidence: [...this.confidence],
      classToExp: [...this.classToExp].flat(),
      lastClasses: this.lastClasses,
    };
  }

  loadStateDict(state: StateDict): void {
    const pairs = z.array(z.number()).refine((a) => a.length % 2 === 0, { message: 'expected [key, value] pairs' });
    const s = parseWithSchema(
      z.object({ storage: z.record(z.unknown()), initMeans: pairs, currentMeans: pairs, confidence: z.array(z.number()), classToExp: pairs, lastClasses: z.array(z.number().int()) }),
      state,
      'IL2MPlugin state',
    );
    const toMap = (a: number[]) => new Map(Array.from({ length: a.length / 2 }, (_, i) => [a[2 * i], a[2 * i + 1]] as [number, number]));
    this.storagePolicy.loadStateDict(s.storage as StateDict, (key) => this.memory.resolve(key));
    this.initMeans.clear();
    for (const [k, v] of toMap(s.initMeans)) this.initMeans.set(k, v);
    this.currentMeans = toMap(s.currentMeans);
    this.confidence.length = 0;
    this.confidence.push(...s.confidence);
    this.classToExp.clear();
    for (const [k, v] of toMap(s.classToExp)) {
      if (v >= s.confidence.length) throw new CheckpointError(`IL2MPlugin state: class ${k} maps to experience ${v} without a confidence`);
      this.classToExp.set(k, v);
    }
    this.lastClasses = [...s.lastClasses];
  }
}

/** An {@link Il2mPlugin}: `il2mPlugin({ memSize: 2000 })`. */
export function il2mPlugin(options: Il2mOptions = {}): Il2mPlugin {
  return new Il2mPlugin(options);
}
