import * as tf from '@tensorflow/tfjs';
import { conv2dOp } from './conv2d-op.js';
import { Conv2d } from './conv2d.js';
import type { LayersExport } from './layers-export.js';
import { Linear, type FusedActivation } from './linear.js';
import { Module, type ForwardContext } from './module.js';
import { stopGradient } from './stop-gradient.js';

/** `task_index` value of a weight pruned in the current task (Avalanche's `PRUNED_CODE`). */
export const PRUNED_CODE = 255;

/**
 * A Linear or Conv2d made PackNet-compatible (Avalanche's `WeightAndBiasPackNetModule`): each weight has
 * the task that owns it (`task_index`: 0, 1, ... or {@link PRUNED_CODE}); the forward pass uses
 * `visible_mask · weight` and only weights in `unfrozen_mask` receive gradient. The wrapped layer is the
 * child `wrappee`. The owning {@link PackNetModel} drives the masks.
 */
export class PackNetLayer extends Module {
  constructor(wrappee: Linear | Conv2d) {
    super();
    this.registerModule('wrappee', wrappee);
    const shape = wrappee.weight.shape;
    this.registerBuffer('task_index', tf.tidy(() => tf.variable(tf.zeros(shape, 'int32'), false, undefined, 'int32')));
    this.registerBuffer('visible_mask', tf.tidy(() => tf.variable(tf.ones(shape), false)));
    this.registerBuffer('unfrozen_mask', tf.tidy(() => tf.variable(tf.ones(shape), false)));
  }

  get wrappee(): Linear | Conv2d {
    return this.child<Linear | Conv2d>('wrappee');
  }

  /** Task of each weight (a copy). */
  taskIndex(): Int32Array {
    return this.buffer('task_index').dataSync() as Int32Array;
  }

  /** Prunes the `proportion` of the mutable weights with the smallest magnitude; the rest stay mutable for task `taskCount`. */
  prune(proportion: number, taskCount: number): void {
    const index = this.taskIndex().slice();
    const unfrozen = this.buffer('unfrozen_mask').dataSync();
    const magnitude = this.wrappee.weight.dataSync();
    const prunable: number[] = [];
    for (let i = 0; i < index.length; i++) if (unfrozen[i] > 0) prunable.push(i);
    prunable.sort((a, b) => Math.abs(magnitude[a]) - Math.abs(magnitude[b]) || a - b);
    const count = Math.floor(prunable.length * proportion);
    for (let k = 0; k < count; k++) index[prunable[k]] = PRUNED_CODE;
    this.setMasks(index, (t) => t !== PRUNED_CODE && t <= taskCount, (t) => t === taskCount);
  }

  /** Pruned weights go to task `taskCount` (the next one); nothing is mutable; the bias is frozen for good. */
  freezePruned(taskCount: number): void {
    const index = this.taskIndex().map((t) => (t === PRUNED_CODE ? taskCount : t));
    this.setMasks(index, undefined, () => false);
    const bias = this.wrappee.bias;
    if (bias) bias.trainable = false;
  }

  /** Shows the weights of tasks ≤ `taskId`; they are mutable only when `taskId` is the task being learnt (`taskCount`). */
  activate(taskId: number, taskCount: number): void {
    const index = this.taskIndex();
    this.setMasks(index, (t) => t <= taskId, (t) => taskId === taskCount && t === taskId);
  }

  call(x: tf.Tensor, _ctx?: ForwardContext, activation: FusedActivation = 'linear'): tf.Tensor {
    const layer = this.wrappee;
    const w = this.effectiveWeight();
    if (layer instanceof Linear) {
      const flat = (x.rank === 2 ? x : x.reshape([x.shape[0], -1])) as tf.Tensor2D;
      return tf.fused.matMul({ a: flat, b: w as tf.Tensor2D, bias: layer.bias, activation });
    }
    const input = x as tf.Tensor4D;
    if (layer.depthwise) {
      const y = tf.depthwiseConv2d(input, w as tf.Tensor4D, layer.stride, layer.padding === 0 ? 'valid' : layer.padding);
      const b = layer.bias ? tf.add(y, layer.bias) : y;
      return activation === 'relu' ? tf.relu(b) : b;
    }
    return conv2dOp(input, w as tf.Tensor4D, layer.bias as tf.Tensor1D | undefined, layer.stride, layer.padding, activation);
  }

  /** Exports the wrapped layer with its visible weights only (the active task's subnetwork). */
  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string, activation: FusedActivation = 'linear'): tf.SymbolicTensor {
    const copy = this.wrappee.cloneModule();
    try {
      tf.tidy(() => copy.weight.assign(tf.mul(copy.weight, this.buffer('visible_mask'))));
      return copy instanceof Linear ? copy.toLayers(input, ex, `${prefix}wrappee.`, activation) : copy.toLayers(input, ex, `${prefix}wrappee.`, activation);
    } finally {
      copy.dispose();
    }
  }

  /** visible · (unfrozen · w + no-gradient((1 − unfrozen) · w)): frozen weights take part but get no gradient. */
  private effectiveWeight(): tf.Tensor {
    const w = this.wrappee.weight;
    const unfrozen = this.buffer('unfrozen_mask');
    const frozenPart = stopGradient(tf.mul(w, tf.sub(1, unfrozen)));
    return tf.mul(tf.add(tf.mul(w, unfrozen), frozenPart), this.buffer('visible_mask'));
  }

  private setMasks(index: Int32Array, visible: ((t: number) => boolean) | undefined, unfrozen: (t: number) => boolean): void {
    const shape = this.wrappee.weight.shape;
    tf.tidy(() => {
      this.buffer('task_index').assign(tf.tensor(index, shape, 'int32'));
      if (visible) this.buffer('visible_mask').assign(tf.tensor(Float32Array.from(index, (t) => (visible(t) ? 1 : 0)), shape));
      this.buffer('unfrozen_mask').assign(tf.tensor(Float32Array.from(index, (t) => (unfrozen(t) ? 1 : 0)), shape));
    });
  }
}

/** True for the layers PackNet can wrap. */
export function isPackNetWrappable(m: Module): m is Linear | Conv2d {
  return m instanceof Linear || m instanceof Conv2d;
}
