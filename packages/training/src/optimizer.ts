import * as tf from '@tensorflow/tfjs';
import { CheckpointError, ValidationError, type NamedGradients, type StateDict } from '@avalanche-ts/core';

/** Options of {@link Optimizer.setParameters}. */
export interface SetParametersOptions {
  /** Drop the state (momentum, moments) of every parameter, not only of new or reshaped ones. */
  readonly resetState?: boolean;
}

interface ParamEntry {
  readonly variable: tf.Variable;
  /** Per-parameter slots (momentum buffer, Adam moments), created lazily on the first step. */
  slots: tf.Variable[] | undefined;
  /** Steps taken on this parameter (Adam's bias correction counts per parameter, as PyTorch). */
  step: number;
}

/**
 * Base of the library's optimizers. Unlike `tf.train.*` optimizers it keys its state by the model's stable
 * parameter names (`model.namedParameters()`), so it can follow a model that grows (new heads, wider
 * classifiers: the template calls {@link setParameters} after each adaptation), be saved into a checkpoint and
 * restored bit for bit. It still is a `tf.Optimizer`, so `context.optimizer` and `applyGradients` work.
 */
export abstract class Optimizer extends tf.Optimizer {
  /** Learning rate the optimizer was created with (LR schedulers reset to it). */
  readonly initialLearningRate: number;
  private lr: number;
  private negLr: tf.Scalar | undefined;
  private readonly entries = new Map<string, ParamEntry>();
  private readonly nameOfVariable = new Map<string, string>();

  protected constructor(learningRate: number) {
    super();
    this.initialLearningRate = learningRate;
    this.lr = learningRate;
  }

  get learningRate(): number {
    return this.lr;
  }

  set learningRate(value: number) {
    if (!Number.isFinite(value) || value < 0) throw new ValidationError(`learningRate must be a finite number >= 0, got ${value}`);
    if (value === this.lr) return;
    this.lr = value;
    this.negLr?.dispose();
    this.negLr = undefined;
  }

  /** Names of the parameters the optimizer updates, in registration order. */
  get parameterNames(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * Registers the parameters to update (the trainable ones of the model). State is kept for parameters
   * whose name, variable and shape are unchanged (Avalanche's `update_optimizer`), created fresh for new
   * or replaced ones, and freed for removed ones. Returns true when anything changed.
   */
  setParameters(named: ReadonlyArray<readonly [string, tf.Variable]>, options: SetParametersOptions = {}): boolean {
    let changed = false;
    const seen = new Set<string>();
    for (const [name, variable] of named) {
      seen.add(name);
      const entry = this.entries.get(name);
      const same = entry !== undefined && entry.variable === variable && sameShape(entry.slots?.[0]?.shape, variable.shape);
      if (same && !options.resetState) continue;
      if (entry && same && options.resetState) {
        disposeSlots(entry);
        entry.step = 0;
        changed = true;
        continue;
      }
      if (entry) {
        disposeSlots(entry);
        this.nameOfVariable.delete(entry.variable.name);
      }
      this.entries.set(name, { variable, slots: undefined, step: 0 });
      this.nameOfVariable.set(variable.name, name);
      changed = true;
    }
    for (const [name, entry] of [...this.entries]) {
      if (seen.has(name)) continue;
      disposeSlots(entry);
      this.entries.delete(name);
      this.nameOfVariable.delete(entry.variable.name);
      changed = true;
    }
    return changed;
  }

  /** Drops every parameter's state (momentum buffers, moments, step counts). */
  resetState(): void {
    for (const entry of this.entries.values()) {
      disposeSlots(entry);
      entry.step = 0;
    }
    this.iterations_ = 0;
  }

  /** Applies gradients given by parameter name. Parameters without a gradient are skipped (as PyTorch's `grad is None`). */
  step(gradients: NamedGradients): void {
    tf.tidy(() => {
      if (this.negLr === undefined) this.negLr = tf.keep(tf.scalar(-this.lr));
      for (const [name, entry] of this.entries) {
        const grad = gradients[name];
        if (grad === undefined) continue;
        if (entry.slots === undefined) entry.slots = this.createSlots(entry.variable);
        entry.step += 1;
        this.update(entry.variable, grad, entry.slots, entry.step, this.negLr);
      }
    });
    this.incrementIterations();
  }

  /** `tf.Optimizer` entry point: gradients keyed by TensorFlow.js variable name (as `tf.variableGrads` returns). */
  applyGradients(variableGradients: tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>): void {
    const byVariable: tf.NamedTensorMap = Array.isArray(variableGradients)
      ? Object.fromEntries(variableGradients.map((g) => [g.name, g.tensor]))
      : variableGradients;
    const named: NamedGradients = {};
    for (const [variableName, grad] of Object.entries(byVariable)) {
      const name = this.nameOfVariable.get(variableName);
      if (name !== undefined) named[name] = grad;
    }
    this.step(named);
  }

  /** Slots for one parameter, zero-initialised and owned by the optimizer. */
  protected abstract createSlots(variable: tf.Variable): tf.Variable[];

  /** Updates one parameter in place; runs inside a tidy. `negLr` is the scalar `-learningRate`. */
  protected abstract update(variable: tf.Variable, grad: tf.Tensor, slots: tf.Variable[], step: number, negLr: tf.Scalar): void;

  /** Hyper-parameters, for checkpoints and `getConfig`. */
  protected abstract hyperParameters(): Record<string, number | boolean>;

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.lr, ...this.hyperParameters() };
  }

  /** The optimizer's state for checkpoints: learning rate, step counts and every slot tensor (live tensors; serialise before changing them). */
  stateDict(): StateDict {
    const params: Record<string, StateDict> = {};
    for (const [name, entry] of this.entries) {
      params[name] = { step: entry.step, slots: entry.slots ?? null };
    }
    return { kind: this.getClassName(), learningRate: this.lr, iterations: this.iterations_, hyper: this.hyperParameters(), params };
  }

  /**
   * Restores {@link stateDict}. Parameters must already be registered (the template registers the model's
   * parameters first); a state for an unknown parameter or a slot of another shape is a CheckpointError.
   */
  loadStateDict(state: StateDict): void {
    if (state.kind !== this.getClassName()) {
      throw new CheckpointError(`optimizer state is for "${String(state.kind)}" but this optimizer is "${this.getClassName()}"`);
    }
    const params = state.params as Record<string, { step: number; slots: tf.Tensor[] | null }>;
    for (const [name, saved] of Object.entries(params)) {
      const entry = this.entries.get(name);
      if (entry === undefined) throw new CheckpointError(`optimizer state has parameter "${name}" that the model does not have`);
      disposeSlots(entry);
      entry.step = saved.step;
      if (saved.slots !== null) {
        for (const s of saved.slots) {
          if (!sameShape(s.shape, entry.variable.shape)) {
            throw new CheckpointError(`optimizer slot of "${name}" has shape [${s.shape}] but the parameter has [${entry.variable.shape}]`);
          }
        }
        // A variable shares the saved tensor's data (reference counted), so the caller may free `saved`.
        entry.slots = saved.slots.map((s) => tf.variable(s, false));
      }
    }
    this.learningRate = state.learningRate as number;
    this.iterations_ = state.iterations as number;
  }

  /** Frees every slot tensor. */
  override dispose(): void {
    for (const entry of this.entries.values()) disposeSlots(entry);
    this.entries.clear();
    this.nameOfVariable.clear();
    this.negLr?.dispose();
    this.negLr = undefined;
    super.dispose();
  }
}

function disposeSlots(entry: ParamEntry): void {
  if (entry.slots) for (const s of entry.slots) s.dispose();
  entry.slots = undefined;
}

function sameShape(a: readonly number[] | undefined, b: readonly number[]): boolean {
  if (a === undefined) return true;
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function zerosSlot(variable: tf.Variable): tf.Variable {
  return tf.variable(tf.zerosLike(variable), false);
}
