import * as tf from '@tensorflow/tfjs';

/**
 * Supervised contrastive loss (Khosla et al., "Supervised Contrastive Learning", NeurIPS 2020), as
 * Avalanche's `SCRLoss` with contrast_mode "all" (Eq. 5 of Mai et al., SCR). `features` holds nViews
 * views of a batch of B samples stacked view by view ([view 1 of all samples; view 2; ...], V·B rows,
 * L2-normalised); with P(a) the other rows of the same class as anchor a,
 *
 *   L = −(τ/τ_b) · mean_a (1/|P(a)|) Σ_{p∈P(a)} log( exp(z_a·z_p/τ) / Σ_{k≠a} exp(z_a·z_k/τ) ).
 */
export function scrLoss(features: tf.Tensor2D, labels: tf.Tensor1D, nViews: number, temperature = 0.07, baseTemperature = 0.07): tf.Scalar {
  return tf.tidy(() => {
    const n = features.shape[0];
    const tiled = tf.tile(labels, [nViews]);
    const notSelf = tf.sub(1, tf.eye(n));
    const positives = tf.mul(tf.cast(tf.equal(tf.expandDims(tiled, 1), tf.expandDims(tiled, 0)), 'float32'), notSelf);
    const logits = tf.div(tf.matMul(features, features, false, true), temperature);
    // Subtracting the row max changes nothing but overflow (its gradient cancels exactly).
    const shifted = tf.sub(logits, tf.max(logits, 1, true));
    const logProb = tf.sub(shifted, tf.log(tf.sum(tf.mul(tf.exp(shifted), notSelf), 1, true)));
    // A sample with no positive (single view, unique class) contributes 0, as Avalanche's clamped denominator.
    const count = tf.sum(positives, 1);
    const meanLogProbPos = tf.div(tf.sum(tf.mul(positives, logProb), 1), tf.maximum(count, 1));
    return tf.mul(-(temperature / baseTemperature), tf.mean(meanLogProbPos)) as tf.Scalar;
  });
}
