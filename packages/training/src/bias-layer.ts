import * as tf from '@tensorflow/tfjs';

/**
 * BiC's bias-correction layer (Avalanche's `BiasLayer`): two scalars α and β that rescale the logits of a
 * set of classes, z'_c = α·z_c + β for c in `classes` and z'_c = z_c otherwise. Starts as the identity
 * (α = 1, β = 0). Holds plain numbers, no tensors.
 */
export class BiasLayer {
  constructor(
    readonly classes: readonly number[],
    public alpha = 1,
    public beta = 0,
  ) {}

  /** The corrected logits (a new tensor; the caller owns it, or a surrounding tidy frees it). */
  apply(logits: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const width = logits.shape[1];
      const scale = new Float32Array(width).fill(1);
      const shift = new Float32Array(width);
      for (const c of this.classes) {
        if (c >= width) continue;
        scale[c] = this.alpha;
        shift[c] = this.beta;
      }
      return tf.add(tf.mul(logits, tf.tensor1d(scale)), tf.tensor1d(shift)) as tf.Tensor2D;
    });
  }

  /** The correction applied to a row-major `[n, width]` array of logits, into a new array. */
  applyRows(logits: Float32Array, n: number, width: number): Float32Array {
    const out = Float32Array.from(logits);
    for (let i = 0; i < n; i++) for (const c of this.classes) if (c < width) out[i * width + c] = this.alpha * logits[i * width + c] + this.beta;
    return out;
  }
}
