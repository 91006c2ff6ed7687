import * as tf from '@tensorflow/tfjs';
import { StrategyError, type ClassificationDataset, type ContinualModel, type Minibatch } from '@avalanche-ts/core';
import { forEachBatch, withTrainingMode } from './parameter-tensors.js';

/** Features of every sample of a dataset, row-major `[n, d]`, with the samples' targets. */
export interface FeatureRows {
  readonly features: Float32Array;
  readonly targets: Int32Array;
  readonly n: number;
  readonly d: number;
}

export interface FeatureRowsOptions {
  /** Minibatch size of the feature pass (default 256). */
  readonly batchSize?: number;
  /** Flip image inputs (rank 4, channels last) horizontally before extracting features (iCaRL's class means). */
  readonly flip?: boolean;
  /** Features of a minibatch (default: `model.getFeatures`). */
  readonly extract?: (model: ContinualModel, batch: Minibatch) => tf.Tensor2D;
}

/** `model.getFeatures(x)`, or a StrategyError naming `who` when the model defines no features. */
export function modelFeatures(model: ContinualModel, x: tf.Tensor, taskLabels: tf.Tensor1D | undefined, who: string): tf.Tensor2D {
  if (model.getFeatures === undefined) throw new StrategyError(`${who} needs a model with getFeatures() (its penultimate features); ${model.name} has none`);
  return model.getFeatures(x, { taskLabels });
}

/**
 * Features of every sample of `dataset`, in order, computed in eval mode without gradients (Avalanche's
 * `torch.no_grad()` feature passes of iCaRL, NCM, FeCAM, FeatureReplay, IL2M). Tensors are freed as it goes.
 */
export function featureRows(model: ContinualModel, dataset: ClassificationDataset, who: string, options: FeatureRowsOptions = {}): FeatureRows {
  const chunks: Float32Array[] = [];
  let d = 0;
  const extract = options.extract ?? ((m: ContinualModel, b: Minibatch) => modelFeatures(m, b.x, b.taskLabels, who));
  withTrainingMode(model, false, () =>
    forEachBatch(dataset, options.batchSize ?? 256, (batch) => {
      const f = tf.tidy(() => {
        const input = options.flip && batch.x.rank === 4 ? tf.reverse(batch.x, 2) : batch.x;
        return extract(model, { ...batch, x: input });
      });
      d = f.shape[1];
      chunks.push(f.dataSync() as Float32Array);
      f.dispose();
    }),
  );
  const features = new Float32Array(dataset.length * d);
  let offset = 0;
  for (const c of chunks) {
    features.set(c, offset);
    offset += c.length;
  }
  return { features, targets: Int32Array.from(dataset.targets), n: dataset.length, d };
}

/** Row `i` of a row-major `[n, d]` array, L2-normalised (a zero row stays zero). */
export function normalizedRow(features: Float32Array, i: number, d: number): Float64Array {
  const row = Float64Array.from(features.subarray(i * d, (i + 1) * d));
  let norm = 0;
  for (const v of row) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let c = 0; c < d; c++) row[c] /= norm;
  return row;
}

/** Sample indices by class, each list ascending; classes ascending. */
export function indicesByClass(targets: ArrayLike<number>): Map<number, number[]> {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < targets.length; i++) {
    const list = byClass.get(targets[i]);
    if (list) list.push(i);
    else byClass.set(targets[i], [i]);
  }
  return new Map([...byClass].sort((a, b) => a[0] - b[0]));
}
