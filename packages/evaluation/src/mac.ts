import * as tf from '@tensorflow/tfjs';
import type { ContinualModel } from '@avalanche-ts/core';

/** One kernel call as `tf.profile` records it. */
interface TracedKernel {
  readonly name: string;
  readonly inputShapes: ReadonlyArray<readonly number[] | null>;
  readonly outputShapes: ReadonlyArray<readonly number[]>;
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Multiply-accumulates of one traced kernel; 0 for kernels that are not dense or convolution layers.
 * - `BatchMatMul` / `_FusedMatMul` (dense): output [..., m, n] and A with m*k in its last two dims:
 *   `MAC = prod(out) * k`, `k = A[-2] * A[-1] / m` (whatever the transposition).
 * - `Conv2D` / `FusedConv2D` / `Conv3D`, filter [...spatial, in, out]: `MAC = prod(out) * prod(spatial) * in`.
 * - `DepthwiseConv2dNative` / `FusedDepthwiseConv2D`, filter [kh, kw, in, mult]: `MAC = prod(out) * kh * kw`.
 */
export function kernelMacs(kernel: TracedKernel): number {
  const out = kernel.outputShapes[0];
  if (out === undefined) return 0;
  switch (kernel.name) {
    case 'BatchMatMul':
    case '_FusedMatMul': {
      const a = kernel.inputShapes[0];
      if (!a || a.length < 2) return 0;
      const m = out[out.length - 2];
      return m === 0 ? 0 : product(out) * ((a[a.length - 2] * a[a.length - 1]) / m);
    }
    case 'Conv2D':
    case 'FusedConv2D':
    case 'Conv3D': {
      const f = kernel.inputShapes[1];
      return f ? product(out) * product(f.slice(0, -1)) : 0;
    }
    case 'DepthwiseConv2dNative':
    case 'FusedDepthwiseConv2D': {
      const f = kernel.inputShapes[1];
      return f ? product(out) * f[0] * f[1] : 0;
    }
    default:
      return 0;
  }
}

/**
 * Counts the multiply-accumulates of one forward pass of `model` on a single sample of `sampleShape` by
 * tracing: the pass runs under `tf.profile`, which records every kernel with its input and output shapes,
 * and `kernelMacs` sums the dense (matMul) and convolution kernels, as Avalanche's forward hooks count
 * `Linear` and `Conv2d` layers. The model is traced in eval mode (so batch-norm statistics and dropout are
 * untouched) and its mode restored; the input is zeros (the count depends on shapes only).
 */
export async function countMacs(model: ContinualModel, sampleShape: readonly number[], taskLabel = 0): Promise<number> {
  const wasTraining = model.training;
  const x = tf.zeros([1, ...sampleShape]);
  const taskLabels = tf.tensor1d([taskLabel], 'int32');
  try {
    if (wasTraining) model.setTraining(false);
    const info = await tf.profile(() => model.forward(x, { taskLabels }));
    tf.dispose(info.result as tf.Tensor);
    return info.kernels.reduce((sum, k) => sum + kernelMacs(k as unknown as TracedKernel), 0);
  } finally {
    if (wasTraining) model.setTraining(true);
    x.dispose();
    taskLabels.dispose();
  }
}

/**
 * Standalone MAC count (Avalanche's `MAC`): the multiply-accumulates of a forward pass on one sample of
 * the given input (see `countMacs` for how they are traced). Counts are cached per model and per
 * (sample shape, parameter count), so after the first trace an update is synchronous; a model that grows
 * (a new head) is traced again.
 */
export class MAC {
  private count: number | undefined;
  private readonly cache = new WeakMap<ContinualModel, Map<string, number>>();

  /** Counts for `input`'s sample shape (its first dimension is the batch); a promise only when tracing. */
  update(model: ContinualModel, input: tf.Tensor, taskLabel = 0): void | Promise<void> {
    const sampleShape = input.shape.slice(1);
    const paramCount = model.namedParameters().reduce((a, [, v]) => a + v.size, 0);
    const key = `${sampleShape.join('x')}|${paramCount}|${taskLabel}`;
    let perModel = this.cache.get(model);
    if (perModel === undefined) this.cache.set(model, (perModel = new Map()));
    const hit = perModel.get(key);
    if (hit !== undefined) {
      this.count = hit;
      return;
    }
    const models = perModel;
    return countMacs(model, sampleShape, taskLabel).then((n) => {
      models.set(key, n);
      this.count = n;
    });
  }

  /** MACs of the last update, or undefined before any. */
  result(): number | undefined {
    return this.count;
  }

  reset(): void {
    this.count = undefined;
  }
}
