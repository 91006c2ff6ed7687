import { parseWithSchema, type Rng } from '@avalanche-ts/core';
import { z } from 'zod';
import { imageDims, type SampleTransform } from './sample-transform.js';

/**
 * Rotates each image by a fixed angle in degrees, counter-clockwise for positive angles, about the image
 * centre ((w-1)/2, (h-1)/2), nearest-neighbour sampling, outside pixels filled with `fill` (default 0):
 * torchvision's `RandomRotation((a, a))`, which RotatedMNIST installs as a frozen transform.
 */
export function rotate(degrees: number, options: { fill?: number } = {}): SampleTransform {
  const opts = parseWithSchema(z.object({ degrees: z.number().finite(), fill: z.number().finite().default(0) }), { degrees, fill: options.fill }, 'rotate');
  return {
    name: `rotate(${opts.degrees})`,
    random: false,
    apply(sample, shape, _rng, scratch) {
      rotateInPlace(sample, shape, opts.degrees, opts.fill, scratch);
    },
  };
}

/** Rotates each image by an angle drawn uniformly from [-maxDegrees, maxDegrees] (torchvision's RandomRotation(maxDegrees)). */
export function randomRotation(maxDegrees: number, options: { fill?: number } = {}): SampleTransform {
  const opts = parseWithSchema(z.object({ maxDegrees: z.number().finite().nonnegative(), fill: z.number().finite().default(0) }), { maxDegrees, fill: options.fill }, 'randomRotation');
  return {
    name: `randomRotation(${opts.maxDegrees})`,
    random: true,
    apply(sample, shape, rng: Rng, scratch) {
      const angle = (rng.next() * 2 - 1) * opts.maxDegrees;
      rotateInPlace(sample, shape, angle, opts.fill, scratch);
    },
  };
}

function rotateInPlace(sample: Float32Array, shape: readonly number[], degrees: number, fill: number, scratch: Float32Array): void {
  const { h, w, c } = imageDims(shape);
  const theta = (degrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  scratch.set(sample);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Inverse map: the output pixel (x, y) reads the input pixel rotated back by -theta (y points down).
      const dx = x - cx;
      const dy = y - cy;
      const sx = Math.round(cx + dx * cos - dy * sin);
      const sy = Math.round(cy + dx * sin + dy * cos);
      const to = (y * w + x) * c;
      if (sx < 0 || sx >= w || sy < 0 || sy >= h) {
        for (let k = 0; k < c; k++) sample[to + k] = fill;
      } else {
        const from = (sy * w + sx) * c;
        for (let k = 0; k < c; k++) sample[to + k] = scratch[from + k];
      }
    }
  }
}
