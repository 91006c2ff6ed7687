import * as tf from '@tensorflow/tfjs';
import { CheckpointError, type ContinualModel, type StateValue } from '@avalanche-ts/core';

/**
 * A frozen copy of the model as it was after an experience (the "old model" of iCaRL, BiC, LFL and feature
 * distillation), in eval mode. Its variables are not in the template's variable list, so no gradient
 * reaches it. A copy restored from a checkpoint is kept as weights until the trained model is at hand
 * ({@link materialize}), because a copy needs the model's structure.
 */
export class FrozenModelCopy {
  private copy: ContinualModel | undefined;
  private pending: Record<string, tf.Tensor> | undefined;

  /** The frozen copy, building a restored one from `model` first; undefined before the first experience ended. */
  get(model: ContinualModel): ContinualModel | undefined {
    this.materialize(model);
    return this.copy;
  }

  /** Replaces the copy by a fresh frozen clone of `model`. */
  refresh(model: ContinualModel): void {
    this.dispose();
    this.copy = model.clone();
    this.copy.setTraining(false);
  }

  /** Builds a copy restored from a checkpoint out of `model`'s structure (the model must not have grown since). */
  materialize(model: ContinualModel): void {
    if (this.pending === undefined) return;
    const copy = model.clone();
    copy.loadStateDict(this.pending);
    copy.setTraining(false);
    for (const t of Object.values(this.pending)) t.dispose();
    this.pending = undefined;
    this.copy?.dispose();
    this.copy = copy;
  }

  /** Cloned weights for a state dict, or null without a copy. */
  stateDict(): StateValue {
    const weights = this.copy ? this.copy.stateDict() : this.pending;
    return weights ? Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, t.clone()])) : null;
  }

  /** Restores `stateDict()`'s value (`where` names it in errors). */
  loadStateDict(value: unknown, where: string): void {
    this.dispose();
    if (value === null || value === undefined) return;
    if (typeof value !== 'object') throw new CheckpointError(`${where}: expected a record of tensors or null, got ${typeof value}`);
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.every(([, t]) => t instanceof tf.Tensor)) throw new CheckpointError(`${where}: expected a record of tensors`);
    this.pending = Object.fromEntries(entries.map(([k, t]) => [k, tf.keep((t as tf.Tensor).clone())]));
  }

  dispose(): void {
    this.copy?.dispose();
    this.copy = undefined;
    if (this.pending) for (const t of Object.values(this.pending)) t.dispose();
    this.pending = undefined;
  }
}
