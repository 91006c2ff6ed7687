import * as tf from '@tensorflow/tfjs';
import { StrategyError, ValidationError, type ContinualModel, type ForwardOptions } from '@avalanche-ts/core';
import type { BaseModel } from './base-model.js';
import { constantVariable } from './kaiming-init.js';
import type { LayersExport } from './layers-export.js';
import { Module, type ForwardContext } from './module.js';
import { PackNetLayer, isPackNetWrappable } from './packnet-layer.js';
import { SimpleMLP, type SimpleMlpOptions } from './simple-mlp.js';

/** PackNet's phases (Avalanche's `PackNetModule.State`). */
export const PACKNET_STATES = ['training', 'postPrune', 'eval'] as const;
export type PackNetState = (typeof PACKNET_STATES)[number];

/** Module internals the wrapper needs: replacing a child keeps its name and position. */
interface ReplaceableChildren {
  registerModule(name: string, module: Module): Module;
}

/**
 * Replaces every Linear and Conv2d inside `module` by a {@link PackNetLayer} over a copy of it (the
 * original layer is freed). Normalisation layers (running statistics) and other layers with parameters
 * are not supported, as in Avalanche.
 */
function wrapLayers(module: Module): void {
  for (const [name, child] of module.namedChildren()) {
    if (isPackNetWrappable(child)) {
      (module as unknown as ReplaceableChildren).registerModule(name, new PackNetLayer(child.cloneModule()));
      continue;
    }
    if (child.namedBuffers().some(([n]) => n.endsWith('running_mean') || n.endsWith('running_avg_mean'))) {
      throw new ValidationError(`PackNetModel: normalisation layers are not supported (${child.constructor.name} "${name}")`);
    }
    if (child.namedParameters().some(([n]) => !n.includes('.'))) {
      throw new ValidationError(`PackNetModel: ${child.constructor.name} "${name}" has parameters of its own; only Linear and Conv2d layers can be wrapped`);
    }
    wrapLayers(child);
  }
}

/**
 * PackNet (Mallya & Lazebnik 2018, "PackNet: Adding Multiple Tasks to a Single Network by Iterative
 * Pruning", CVPR), as Avalanche's `PackNetModel`: wraps a model so that its Linear and Conv2d weights are
 * shared out between tasks. While task t is learnt, only the weights still free receive gradient; then
 * `prune(p)` releases the fraction p of them with the smallest |w| (they become invisible), the rest are
 * fine-tuned (post-prune phase), and `freezePruned()` fixes them for task t and hands the released ones to
 * task t + 1. A forward pass for task k uses only the weights of tasks ≤ k, so what a task computes never
 * changes once it is learnt. Biases train in the first task only. Every sample of a batch must carry the
 * same task label (tasks not learnt yet use the newest subnetwork).
 *
 * States as Avalanche: 'training' → prune → 'postPrune' → freezePruned → 'eval'; activating an old task
 * moves to 'eval', activating the task being learnt goes back to 'training'. Weight decay changes frozen
 * weights (their gradient is zero, the decay is not): train PackNet without it. Parameter names gain
 * "wrappee." prefixes ("wrappee.features.0.wrappee.weight").
 */
export class PackNetModel extends Module implements ContinualModel {
  readonly name = 'PackNetModel';
  private stateValue: PackNetState = 'training';
  private activeTaskValue = 0;
  private taskCountValue = 0;

  constructor(wrappee: BaseModel) {
    super();
    wrapLayers(wrappee);
    this.registerModule('wrappee', wrappee);
    this.registerBuffer('_state', constantVariable([], 0, false, 'int32'));
    this.registerBuffer('_active_task', constantVariable([], 0, false, 'int32'));
    this.registerBuffer('_task_count', constantVariable([], 0, false, 'int32'));
  }

  get wrappee(): BaseModel {
    return this.child<BaseModel>('wrappee');
  }

  get state(): PackNetState {
    return this.stateValue;
  }

  get activeTask(): number {
    return this.activeTaskValue;
  }

  /** Tasks learnt (frozen) so far. */
  get taskCount(): number {
    return this.taskCountValue;
  }

  /** The PackNet layers, depth first. */
  packNetLayers(): PackNetLayer[] {
    const out: PackNetLayer[] = [];
    const visit = (m: Module) => {
      if (m instanceof PackNetLayer) out.push(m);
      else for (const [, c] of m.namedChildren()) visit(c);
    };
    visit(this.wrappee);
    return out;
  }

  /** Prunes `proportion` (in [0, 1]) of the free weights of every layer, by magnitude; 'training' → 'postPrune'. */
  prune(proportion: number): void {
    if (!(proportion >= 0 && proportion <= 1)) throw new ValidationError(`PackNetModel.prune: proportion must be in [0, 1], got ${proportion}`);
    this.transition('prune', ['training'], 'postPrune');
    for (const layer of this.packNetLayers()) layer.prune(proportion, this.taskCountValue);
  }

  /** Commits the current task's weights; 'postPrune' → 'eval'. */
  freezePruned(): void {
    this.transition('freezePruned', ['postPrune'], 'eval');
    this.taskCountValue += 1;
    for (const layer of this.packNetLayers()) layer.freezePruned(this.taskCountValue);
    this.syncBuffers();
  }

  /** Makes task `taskId`'s subnetwork active (0 ≤ taskId ≤ taskCount); see the class comment for the states. */
  activateTask(taskId: number): void {
    if (!Number.isInteger(taskId) || taskId < 0 || taskId > this.taskCountValue) {
      throw new ValidationError(`PackNetModel.activateTask: taskId must be an integer in [0, ${this.taskCountValue}], got ${taskId}`);
    }
    const next: PackNetState = taskId !== this.taskCountValue ? 'eval' : this.stateValue === 'postPrune' ? 'postPrune' : 'training';
    if (taskId === this.activeTaskValue && this.stateValue === next) return;
    this.transition('activateTask', ['eval', 'training'], next);
    for (const layer of this.packNetLayers()) layer.activate(taskId, this.taskCountValue);
    this.activeTaskValue = taskId;
    this.syncBuffers();
  }

  forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    this.activateTask(Math.min(this.taskOf(options.taskLabels), this.taskCountValue));
    return this.wrappee.forward(x, options);
  }

  call(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    this.activateTask(Math.min(this.taskOf(ctx.taskLabels), this.taskCountValue));
    return this.wrappee.call(x, ctx);
  }

  /** Exports the subnetwork of `ex.taskLabel` (default: the active task). */
  toLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    if (ex.taskLabel !== undefined) this.activateTask(Math.min(ex.taskLabel, this.taskCountValue));
    return this.wrappee.toLayers(input, ex);
  }

  get inputShape(): readonly number[] {
    return this.wrappee.inputShape;
  }

  clone(): this {
    return this.cloneModule();
  }

  override loadStateDict(state: Readonly<Record<string, tf.Tensor>>): void {
    super.loadStateDict(state);
    const read = (name: string) => this.buffer(name).dataSync()[0];
    this.stateValue = PACKNET_STATES[read('_state')] ?? 'training';
    this.activeTaskValue = read('_active_task');
    this.taskCountValue = read('_task_count');
  }

  private taskOf(taskLabels: tf.Tensor1D | undefined): number {
    if (taskLabels === undefined || taskLabels.size === 0) return this.taskCountValue;
    const labels = taskLabels.dataSync();
    const t = labels[0];
    if (labels.some((l) => l !== t)) throw new ValidationError(`PackNetModel: every sample of a batch must have the same task label, got [${[...new Set(labels)].join(', ')}]`);
    return t;
  }

  private transition(action: string, allowed: readonly PackNetState[], next: PackNetState): void {
    if (!allowed.includes(this.stateValue)) {
      throw new StrategyError(`PackNetModel: ${action} is only valid in the ${allowed.map((s) => `'${s}'`).join(' or ')} state, but the model is in '${this.stateValue}'`);
    }
    this.stateValue = next;
    this.syncBuffers();
  }

  private syncBuffers(): void {
    tf.tidy(() => {
      this.buffer('_state').assign(tf.scalar(PACKNET_STATES.indexOf(this.stateValue), 'int32'));
      this.buffer('_active_task').assign(tf.scalar(this.activeTaskValue, 'int32'));
      this.buffer('_task_count').assign(tf.scalar(this.taskCountValue, 'int32'));
    });
  }
}

/** Avalanche's `packnet_simple_mlp`: a {@link PackNetModel} over a SimpleMLP (same options and defaults). */
export function packNetSimpleMlp(options: SimpleMlpOptions = {}): PackNetModel {
  return new PackNetModel(new SimpleMLP(options));
}
