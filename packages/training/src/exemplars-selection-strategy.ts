import * as tf from '@tensorflow/tfjs';
import { StrategyError, type ClassificationDataset, type ContinualModel } from '@avalanche-ts/core';
import { forEachBatch, withTrainingMode } from './parameter-tensors.js';
import type { StorageContext } from './storage-policy.js';

/**
 * Ranks the samples of a dataset for a {@link ParametricBuffer} group (Avalanche's
 * `ExemplarsSelectionStrategy`): the buffer keeps the first `k` of the returned order.
 */
export interface ExemplarsSelectionStrategy {
  readonly name: string;
  /** Indices of `data`, most wanted first; at least the first `k` must be the strategy's top k. */
  makeSortedIndices(data: ClassificationDataset, context: StorageContext, k: number): Int32Array;
}

/** Random order from the run's generator (Avalanche's `RandomExemplarsSelectionStrategy`). */
export function randomSelection(): ExemplarsSelectionStrategy {
  return {
    name: 'random',
    makeSortedIndices: (data, context) => context.rng.permutation(data.length),
  };
}

/** How a feature-based strategy turns inputs into feature vectors (default: `model.getFeatures`, else the logits). */
export type FeatureExtractor = (model: ContinualModel, x: tf.Tensor, taskLabels: tf.Tensor1D) => tf.Tensor2D;

/**
 * Herding (Welling 2009; iCaRL, Rebuffi et al. 2017): greedily picks the sample that keeps the mean of
 * the picked features closest to the mean μ of all features: at step i pick
 * argmin_j ‖ (i·m_i + f_j)/(i+1) − μ ‖², where m_i is the mean of the i picked so far. Only the first
 * `k` picks are computed (the greedy prefix does not depend on later picks): O(k·n·d).
 */
export function herdingSelection(extractor?: FeatureExtractor): ExemplarsSelectionStrategy {
  return {
    name: 'herding',
    makeSortedIndices(data, context, k) {
      const { features, n, d } = extractFeatures(data, context, extractor);
      const center = meanRows(features, n, d);
      const current = new Float64Array(d);
      const picked = new Uint8Array(n);
      const order: number[] = [];
      for (let i = 0; i < Math.min(k, n); i++) {
        let best = -1;
        let bestDist = Infinity;
        for (let j = 0; j < n; j++) {
          if (picked[j]) continue;
          let dist = 0;
          for (let c = 0; c < d; c++) {
            const cand = (current[c] * i + features[j * d + c]) / (i + 1);
            dist += (cand - center[c]) ** 2;
          }
          if (dist < bestDist) {
            bestDist = dist;
            best = j;
          }
        }
        picked[best] = 1;
        order.push(best);
        for (let c = 0; c < d; c++) current[c] = (current[c] * i + features[best * d + c]) / (i + 1);
      }
      for (let j = 0; j < n; j++) if (!picked[j]) order.push(j);
      return Int32Array.from(order);
    },
  };
}

/** Orders samples by the squared distance of their features to the features' mean, closest first (Avalanche's `ClosestToCenterSelectionStrategy`). */
export function closestToCenterSelection(extractor?: FeatureExtractor): ExemplarsSelectionStrategy {
  return {
    name: 'closest-to-center',
    makeSortedIndices(data, context) {
      const { features, n, d } = extractFeatures(data, context, extractor);
      const center = meanRows(features, n, d);
      const dist = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += (features[j * d + c] - center[c]) ** 2;
        dist[j] = s;
      }
      // Stable: equal distances keep dataset order.
      return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => dist[a] - dist[b] || a - b);
    },
  };
}

function extractFeatures(
  data: ClassificationDataset,
  context: StorageContext,
  extractor: FeatureExtractor | undefined,
): { features: Float32Array; n: number; d: number } {
  const model = context.model;
  if (model === undefined) throw new StrategyError('feature-based exemplar selection needs the model in its StorageContext');
  const extract: FeatureExtractor =
    extractor ?? ((m, x, t) => (m.getFeatures ? m.getFeatures(x, { taskLabels: t }) : m.forward(x, { taskLabels: t })));
  const rows: Float32Array[] = [];
  let d = 0;
  withTrainingMode(model, false, () =>
    forEachBatch(data, context.evalMbSize ?? 256, (batch) => {
      const f = tf.tidy(() => extract(model, batch.x, batch.taskLabels));
      d = f.shape[1];
      rows.push(f.dataSync() as Float32Array);
      f.dispose();
    }),
  );
  const features = new Float32Array(data.length * d);
  let off = 0;
  for (const r of rows) {
    features.set(r, off);
    off += r.length;
  }
  return { features, n: data.length, d };
}

function meanRows(features: Float32Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let j = 0; j < n; j++) for (let c = 0; c < d; c++) mean[c] += features[j * d + c];
  for (let c = 0; c < d; c++) mean[c] /= n;
  return mean;
}
