import * as tf from '@tensorflow/tfjs';
import { CheckpointError, Rng, type Experience } from '@avalanche-ts/core';
import type { LayersExport } from './layers-export.js';

/** What a module's forward pass needs besides its input. */
export interface ForwardContext {
  /** Task label of each sample, for multi-task modules. */
  readonly taskLabels?: tf.Tensor1D;
  /** A fresh seed for a random op (dropout); the sequence is fixed by the forward pass's seed. */
  nextSeed(): number;
}

/** A context for a forward pass whose seeds are drawn from `rng` (consumed only by dropout in training mode). */
export function forwardContext(rng: Rng, taskLabels?: tf.Tensor1D): ForwardContext {
  return { taskLabels, nextSeed: () => rng.nextSeed() };
}

/**
 * The building block of every model: a PyTorch-like module over raw `tf.Variable`s. Parameters and
 * persistent buffers are registered by name; children nest, so names read "features.0.weight" as in
 * PyTorch. Training does not use tf.layers: raw variables with `tf.variableGrads` measured ~25% faster
 * per training step and 1.8x faster in evaluation on the wasm backend (the layers API adds symbolic
 * bookkeeping to every call). tf.layers is used only to export ({@link LayersExport}).
 */
export abstract class Module {
  private readonly ownParams = new Map<string, tf.Variable>();
  private readonly ownBuffers = new Map<string, tf.Variable>();
  private readonly ownChildren = new Map<string, Module>();
  private isTraining = true;

  /**
   * The forward pass; differentiable and synchronous, runs inside the caller's tidy. Training mode is
   * this module's own flag (`setTraining`), so part of a model can stay in eval mode.
   */
  abstract call(x: tf.Tensor, ctx: ForwardContext): tf.Tensor;

  /** Adds the equivalent tf.layers layers after `input` (export to the TensorFlow.js format). */
  abstract toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string): tf.SymbolicTensor;

  get training(): boolean {
    return this.isTraining;
  }

  /** Sets training mode on this module and every descendant. */
  setTraining(training: boolean): void {
    this.isTraining = training;
    for (const child of this.ownChildren.values()) child.setTraining(training);
  }

  /** Registers (or replaces, disposing the old one) a parameter. */
  protected registerParameter(name: string, value: tf.Variable): tf.Variable {
    const old = this.ownParams.get(name);
    if (old && old !== value) old.dispose();
    this.ownParams.set(name, value);
    return value;
  }

  /** Registers (or replaces, disposing the old one) a persistent non-trainable buffer. */
  protected registerBuffer(name: string, value: tf.Variable): tf.Variable {
    const old = this.ownBuffers.get(name);
    if (old && old !== value) old.dispose();
    this.ownBuffers.set(name, value);
    return value;
  }

  /** Registers a child module; its names are prefixed by `name.`. */
  protected registerModule<M extends Module>(name: string, module: M): M {
    const old = this.ownChildren.get(name);
    if (old && old !== module) old.dispose();
    module.setTraining(this.isTraining);
    this.ownChildren.set(name, module);
    return module;
  }

  protected parameter(name: string): tf.Variable {
    const p = this.ownParams.get(name);
    if (!p) throw new Error(`${this.constructor.name} has no parameter "${name}"`);
    return p;
  }

  protected buffer(name: string): tf.Variable {
    const b = this.ownBuffers.get(name);
    if (!b) throw new Error(`${this.constructor.name} has no buffer "${name}"`);
    return b;
  }

  /** A child by name (throws when absent). */
  child<M extends Module = Module>(name: string): M {
    const c = this.ownChildren.get(name);
    if (!c) throw new Error(`${this.constructor.name} has no child module "${name}"`);
    return c as M;
  }

  /** Direct children, in registration order. */
  namedChildren(): Array<[string, Module]> {
    return [...this.ownChildren.entries()];
  }

  /** Every parameter, own ones first then children's (PyTorch order), with dotted names. */
  namedParameters(prefix = ''): Array<[string, tf.Variable]> {
    const out: Array<[string, tf.Variable]> = [];
    for (const [n, v] of this.ownParams) out.push([prefix + n, v]);
    for (const [n, c] of this.ownChildren) out.push(...c.namedParameters(`${prefix}${n}.`));
    return out;
  }

  /** Every persistent buffer (batch-norm statistics, active-unit masks), with dotted names. */
  namedBuffers(prefix = ''): Array<[string, tf.Variable]> {
    const out: Array<[string, tf.Variable]> = [];
    for (const [n, v] of this.ownBuffers) out.push([prefix + n, v]);
    for (const [n, c] of this.ownChildren) out.push(...c.namedBuffers(`${prefix}${n}.`));
    return out;
  }

  /** Number of scalar parameters (what PyTorch's `sum(p.numel() for p in model.parameters())` gives). */
  parameterCount(): number {
    return this.namedParameters().reduce((sum, [, v]) => sum + v.size, 0);
  }

  /** Parameters then buffers by name: the live variables, not copies. */
  stateDict(): Record<string, tf.Tensor> {
    return Object.fromEntries([...this.namedParameters(), ...this.namedBuffers()]);
  }

  /**
   * Assigns every entry of `state`. Dynamic modules first resize themselves to the shapes in `state`
   * (a checkpoint of a grown classifier loads into a fresh one). Throws a CheckpointError naming the
   * first missing, unexpected or mismatched key.
   */
  loadStateDict(state: Readonly<Record<string, tf.Tensor>>): void {
    this.prepareLoad(state, '');
    const own = [...this.namedParameters(), ...this.namedBuffers()];
    const known = new Set(own.map(([n]) => n));
    for (const key of Object.keys(state)) {
      if (!known.has(key)) throw new CheckpointError(`loadStateDict: unexpected key "${key}" (not in ${this.constructor.name})`);
    }
    for (const [name, v] of own) {
      const t = state[name];
      if (!t) throw new CheckpointError(`loadStateDict: missing key "${name}" for ${this.constructor.name}`);
      if (!tf.util.arraysEqual(t.shape, v.shape)) {
        throw new CheckpointError(`loadStateDict: "${name}" has shape [${t.shape}] but the model expects [${v.shape}]`);
      }
    }
    for (const [name, v] of own) {
      const t = state[name];
      v.assign(t.dtype === v.dtype ? t : tf.tidy(() => t.cast(v.dtype)));
    }
  }

  /** Called before loading, top-down: dynamic modules resize to the shapes found in `state`. */
  protected prepareLoad(state: Readonly<Record<string, tf.Tensor>>, prefix: string): void {
    for (const [n, c] of this.ownChildren) c.prepareLoad(state, `${prefix}${n}.`);
  }

  /**
   * Adapts this module and its descendants to an experience (Avalanche's `avalanche_model_adaptation`).
   * Returns true when any parameter was added or replaced.
   */
  adaptModule(experience: Experience): boolean {
    let changed = false;
    for (const c of this.ownChildren.values()) changed = c.adaptModule(experience) || changed;
    return changed;
  }

  /** Sets `trainable` on every parameter whose name starts with `prefix` (all when omitted). */
  setTrainable(trainable: boolean, prefix = ''): void {
    for (const [n, v] of this.namedParameters()) if (n.startsWith(prefix)) v.trainable = trainable;
  }

  /** Freezes parameters under `prefix` (e.g. "features."); they keep their values through training. */
  freeze(prefix = ''): void {
    this.setTrainable(false, prefix);
  }

  unfreeze(prefix = ''): void {
    this.setTrainable(true, prefix);
  }

  /** A deep copy with its own variables (same structure, names, values, trainable flags and mode). */
  cloneModule(): this {
    return deepCopy(this, new Map()) as this;
  }

  /** Frees every variable of this module and its descendants. */
  dispose(): void {
    for (const v of this.ownParams.values()) v.dispose();
    for (const v of this.ownBuffers.values()) v.dispose();
    for (const c of this.ownChildren.values()) c.dispose();
  }
}

/**
 * Structural deep copy: variables get new variables with the same values, modules and containers are
 * copied, shared references stay shared (a child held in a field and in the children map is one copy).
 */
function deepCopy(value: unknown, memo: Map<unknown, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const seen = memo.get(value);
  if (seen !== undefined) return seen;
  if (value instanceof tf.Variable) {
    const copy = tf.variable(value, value.trainable, undefined, value.dtype);
    memo.set(value, copy);
    return copy;
  }
  if (value instanceof tf.Tensor) {
    throw new Error('Module fields must hold tensors as registered variables (a plain tensor cannot be cloned safely)');
  }
  if (value instanceof Rng) {
    const copy = new Rng(value.getState());
    memo.set(value, copy);
    return copy;
  }
  if (ArrayBuffer.isView(value)) {
    const copy = (value as unknown as Float32Array).slice();
    memo.set(value, copy);
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map();
    memo.set(value, copy);
    for (const [k, v] of value) copy.set(k, deepCopy(v, memo));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set();
    memo.set(value, copy);
    for (const v of value) copy.add(deepCopy(v, memo));
    return copy;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    memo.set(value, copy);
    for (const v of value) copy.push(deepCopy(v, memo));
    return copy;
  }
  const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  memo.set(value, copy);
  for (const key of Object.keys(value)) copy[key] = deepCopy((value as Record<string, unknown>)[key], memo);
  return copy;
}
