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
      if ((means.length !== 1 && means.length !== c) || (stds.length !== 1 && stds.length !== c)) {
        throw new ValidationError(`normalize has ${means.length} means and ${stds.length} stds for samples with ${c} channels`);
      }
      if (means.length === 1 && stds.length === 1) {
        const m = means[0];
        const sd = stds[0];
        for (let i = 0; i < sample.length; i++) sample[i] = (sample[i] - m) / sd;
        return;
      }
      for (let i = 0; i < sample.length; i++) {
        const ch = i % c;
        sample[i] = (sample[i] - means[means.length === 1 ? 0 : ch]) / stds[stds.length === 1 ? 0 : ch];
      }
    },
  };
}
