import { parseWithSchema, ValidationError } from '@avalanche-ts/core';
import { z } from 'zod';
import type { SampleTransform } from './sample-transform.js';

const schema = z.object({
  mean: z.array(z.number().finite()).min(1),
  std: z.array(z.number().finite().positive()).min(1),
});

/**
 * Per-channel normalisation, x' = (x - mean[c]) / std[c], as torchvision's Normalize. One value per
 * channel (or one value for every channel).
 */
export function normalize(mean: number | readonly number[], std: number | readonly number[]): SampleTransform {
  const opts = parseWithSchema(schema, { mean: typeof mean === 'number' ? [mean] : [...mean], std: typeof std === 'number' ? [std] : [...std] }, 'normalize');
  const means = Float32Array.from(opts.mean);
  const stds = Float32Array.from(opts.std);
  return {
    name: `normalize(${opts.mean.join(',')}; ${opts.std.join(',')})`,
    random: false,
    apply(sample, shape) {
      const c = shape.length >= 3 ? shape[shape.length - 1] : 1;
      const m = means.length === 1 ? Float32Array.from({ length: c }, () => means[0]) : means;
      const s = stds.length === 1 ? Float32Array.from({ length: c }, () => stds[0]) : stds;
      if (m.length !== c || s.length !== c) {
        throw new ValidationError(`normalize has ${means.length} means and ${stds.length} stds for samples with ${c} channels`);
      }
      for (let i = 0; i < sample.length; i++) {
        const ch = i % c;
        sample[i] = (sample[i] - m[ch]) / s[ch];
      }
    },
  };
}
