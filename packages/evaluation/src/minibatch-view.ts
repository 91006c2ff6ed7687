import type * as tf from '@tensorflow/tfjs';
import type { StrategyContext } from '@avalanche-ts/core';
import { StrategyError } from '@avalanche-ts/core';
import { argmaxRows, readRows } from './labels-of.js';

/** The current minibatch read back to the CPU once, shared by every metric of the iteration. */
export interface MinibatchView {
  /** Logits, row-major [n, nClasses]. */
  readonly scores: Float32Array;
  readonly nClasses: number;
  /** argmax of each row of the logits. */
  readonly predicted: Int32Array;
  readonly targets: Int32Array;
  readonly taskLabels: Int32Array;
  readonly size: number;
}

// Keyed by the output tensor object: a new iteration (or a plugin's setOutput) gives a new key, and
// the entry goes away with the tensor, so ten metrics cost one read-back per iteration.
const views = new WeakMap<tf.Tensor, MinibatchView>();
const losses = new WeakMap<tf.Tensor, number>();

/**
 * Reads `context.mbOutput`, `minibatch.y` and `minibatch.taskLabels` back to typed arrays (synchronously;
 * no tensor is created). Throws a StrategyError when the hook has no minibatch or output.
 */
export function minibatchView(context: StrategyContext, metric: string): MinibatchView {
  const output = context.mbOutput;
  const batch = context.minibatch;
  if (output === undefined || batch === undefined) {
    throw new StrategyError(`metric ${metric} needs context.minibatch and context.mbOutput, but ${output === undefined ? 'mbOutput' : 'minibatch'} is undefined`);
  }
  const cached = views.get(output);
  if (cached !== undefined) return cached;
  const rows = readRows(output, 'mbOutput');
  const scores = rows.values instanceof Float32Array ? rows.values : Float32Array.from(rows.values);
  const targets = Int32Array.from(batch.y.dataSync());
  const taskLabels = Int32Array.from(batch.taskLabels.dataSync());
  const view: MinibatchView = {
    scores,
    nClasses: rows.cols,
    predicted: argmaxRows(rows),
    targets,
    taskLabels,
    size: targets.length,
  };
  views.set(output, view);
  return view;
}

/**
 * The minibatch loss as a number: `context.loss`, the template's total (criterion plus every plugin loss
 * term, so regularisers count, as in Avalanche).
 */
export function minibatchLoss(context: StrategyContext, metric: string): number {
  const loss = context.loss;
  if (loss === undefined) throw new StrategyError(`metric ${metric} needs context.loss, but it is undefined`);
  const cached = losses.get(loss);
  if (cached !== undefined) return cached;
  const value = loss.dataSync()[0];
  losses.set(loss, value);
  return value;
}
