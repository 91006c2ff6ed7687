import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { imageDims, type SampleTransform } from './sample-transform.js';

/**
 * Zero-pads each image by `padding` pixels on every side, then crops a window of the original size at a
 * random offset, as torchvision's `RandomCrop(size, padding)` with size equal to the image size (the
 * CIFAR training augmentation). The offset comes from the batch's seeded Rng.
 */
export function randomCrop(options: { padding: number; fill?: number }): SampleTransform {
  const opts = parseWithSchema(z.object({ padding: z.number().int().nonnegative(), fill: z.number().finite().default(0) }), options, 'randomCrop');
  const pad = opts.padding;
  return {
    name: `randomCrop(padding=${pad})`,
    random: true,
    apply(sample, shape, rng, scratch) {
      const { h, w, c } = imageDims(shape);
      // Offsets in [0, 2*pad] of the padded image, i.e. a shift in [-pad, pad] of the original.
      const oy = rng.int(2 * pad + 1) - pad;
      const ox = rng.int(2 * pad + 1) - pad;
      if (ox === 0 && oy === 0) return;
      scratch.set(sample);
      for (let y = 0; y < h; y++) {
        const sy = y + oy;
        for (let x = 0; x < w; x++) {
          const sx = x + ox;
          const to = (y * w + x) * c;
          if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
            for (let k = 0; k < c; k++) sample[to + k] = opts.fill;
          } else {
            const from = (sy * w + sx) * c;
            for (let k = 0; k < c; k++) sample[to + k] = scratch[from + k];
          }
        }
      }
    },
  };
}
