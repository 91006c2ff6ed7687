import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  CheckpointError,
  parseWithSchema,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { disposeNamed, namedFromState, namedToState, type NamedTensors } from './parameter-tensors.js';
import { ReplayMemory } from './replay-memory.js';
import { sourcesSchema } from './replay-option-fields.js';

export const gdumbOptionsSchema = z
  .object({
    /** Memory size in samples (default 200). */
    memSize: z.number().int().positive().default(200),
    /** Experiences (e.g. the train stream) whose datasets a restored buffer points into; needed to resume from a checkpoint. */
    sources: sourcesSchema.optional(),
  })
  .strict();
export type GDumbOptions = z.input<typeof gdumbOptionsSchema>;

/**
 * GDumb (Prabhu, Torr & Dokania 2020, "GDumb: A Simple Approach that Questions Our Progress in Continual
 * Learning"), as Avalanche's `GDumbPlugin`: a class-balanced memory is filled greedily with the
 * incoming samples (each class gets maxSize / nClassesSeen places); before each experience the model is
 * reset to its initial weights and trained only on the memory: θ_t = argmin_θ Σ_{(x,y)∈M_t} ℓ(f_θ(x), y)
 * starting from θ_0. Parameters a model grows later (new heads, new units) restart from the values they
 * had when they first appeared.
 */
export class GDumbPlugin implements StrategyPlugin {
  readonly name = 'GDumbPlugin';
  readonly storagePolicy: ClassBalancedBuffer;
  private initial: NamedTensors | undefined;
  private readonly memory: ReplayMemory<ClassBalancedBuffer>;

  constructor(options: GDumbOptions = {}) {
    const o = parseWithSchema(gdumbOptionsSchema, options, 'gdumb options');
    this.memory = new ReplayMemory(new ClassBalancedBuffer({ maxSize: o.memSize, adaptiveSize: true }), o.sources);
    this.storagePolicy = this.memory.policy;
  }

  afterTrainDatasetAdaptation(context: StrategyContext, controls: StrategyControls): void {
    const experience = context.experience;
    if (experience === undefined) return;
    this.memory.update(experience, context);
    const buffer = this.storagePolicy.buffer;
    if (buffer !== undefined) controls.setAdaptedDataset(buffer);
  }

  /** After the model adapted to the experience: restore θ_0 (recording parameters seen for the first time) and reset the optimizer. */
  beforeTrainingExp(context: StrategyContext, controls: StrategyControls): void {
    const current = context.model.stateDict();
    if (this.initial === undefined) {
      this.initial = {};
      for (const [k, t] of Object.entries(current)) this.initial[k] = tf.keep(t.clone());
      return;
    }
    const restored: Record<string, tf.Tensor> = {};
    for (const [k, t] of Object.entries(current)) {
      const init = this.initial[k];
      if (init === undefined) {
        this.initial[k] = tf.keep(t.clone());
      } else if (!sameShape(init.shape, t.shape)) {
        // A grown parameter: initial values in the leading block, the fresh values of the new units elsewhere.
        const embedded = tf.tidy(() => {
          const pads = init.shape.map((s, i) => [0, t.shape[i] - s] as [number, number]);
          const mask = tf.pad(tf.onesLike(init), pads);
          return tf.add(tf.mul(tf.pad(init, pads), mask), tf.mul(t, tf.sub(1, mask)));
        });
        init.dispose();
        this.initial[k] = tf.keep(embedded);
      }
      restored[k] = this.initial[k];
    }
    context.model.loadStateDict(restored);
    controls.resetOptimizer();
  }

  stateDict(): StateDict {
    return { storage: this.storagePolicy.stateDict(), initial: this.initial ? namedToState(this.initial) : null };
  }

  loadStateDict(state: StateDict): void {
    if (state.storage === null || typeof state.storage !== 'object' || Array.isArray(state.storage)) {
      throw new CheckpointError('GDumbPlugin state: expected a "storage" record');
    }
    this.storagePolicy.loadStateDict(state.storage as StateDict, (key) => this.memory.resolve(key));
    disposeNamed(this.initial);
    this.initial = state.initial === null || state.initial === undefined ? undefined : namedFromState(state.initial, 'GDumbPlugin state.initial');
  }

  dispose(): void {
    disposeNamed(this.initial);
    this.initial = undefined;
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** A {@link GDumbPlugin}: `gdumbPlugin({ memSize: 500 })`. */
export function gdumbPlugin(options: GDumbOptions = {}): GDumbPlugin {
  return new GDumbPlugin(options);
}
