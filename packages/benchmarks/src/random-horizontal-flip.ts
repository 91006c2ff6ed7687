import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { imageDims, type SampleTransform } from './sample-transform.js';

/** Mirrors each image left-right with probability `p` (default 0.5), as torchvision's RandomHorizontalFlip. */
export function randomHorizontalFlip(p = 0.5): SampleTransform {
  const opts = parseWithSchema(z.object({ p: z.number().min(0).max(1) }), { p }, 'randomHorizontalFlip');
  return {
    name: `randomHorizontalFlip(${opts.p})`,
    random: true,
    apply(sample, shape, rng) {
      // One draw per sample whatever p is, so later draws do not shift when p changes.
      if (rng.next() >= opts.p) return;
      const { h, w, c } = imageDims(shape);
      for (let y = 0; y < h; y++) {
        const row = y * w;
        for (let x = 0; x < w >> 1; x++) {
          const a = (row + x) * c;
          const b = (row + w - 1 - x) * c;
          for (let k = 0; k < c; k++) {
            const tmp = sample[a + k];
            sample[a + k] = sample[b + k];
            sample[b + k] = tmp;
          }
        }
      }
    },
  };
}
