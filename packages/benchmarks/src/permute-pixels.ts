import { ValidationError } from '@avalanche-ts/core';
import { imageDims, type SampleTransform } from './sample-transform.js';

/**
 * Moves pixel positions by a fixed permutation: output pixel p takes input pixel `permutation[p]`
 * (all channels together), as PermutedMNIST's `x.view(-1)[perm]` (Goodfellow et al., 2013,
 * "An empirical investigation of catastrophic forgetting"). Usually installed as a frozen transform.
 */
export function permutePixels(permutation: ArrayLike<number>): SampleTransform {
  const perm = Int32Array.from(permutation);
  const seen = new Uint8Array(perm.length);
  for (const p of perm) {
    if (!Number.isInteger(p) || p < 0 || p >= perm.length || seen[p]) {
      throw new ValidationError(`permutePixels: permutation of length ${perm.length} is not a permutation (bad entry ${p})`);
    }
    seen[p] = 1;
  }
  return {
    name: `permutePixels(${perm.length})`,
    random: false,
    apply(sample, shape, _rng, scratch) {
      const { h, w, c } = imageDims(shape);
      if (h * w !== perm.length) {
        throw new ValidationError(`permutePixels: permutation has ${perm.length} entries but samples have ${h * w} pixels (shape [${shape.join(', ')}])`);
      }
      scratch.set(sample);
      for (let p = 0; p < perm.length; p++) {
        const from = perm[p] * c;
        const to = p * c;
        for (let k = 0; k < c; k++) sample[to + k] = scratch[from + k];
      }
    },
  };
}
