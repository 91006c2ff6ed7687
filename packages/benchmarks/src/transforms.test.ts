import { Rng, ValidationError } from '@avalanche-ts/core';
import { normalize } from './normalize.js';
import { permutePixels } from './permute-pixels.js';
import { randomCrop } from './random-crop.js';
import { randomHorizontalFlip } from './random-horizontal-flip.js';
import { randomRotation, rotate } from './rotate.js';
import type { SampleTransform } from './sample-transform.js';

function run(t: SampleTransform, values: number[], shape: number[], rng = new Rng(0)): number[] {
  const s = Float32Array.from(values);
  t.apply(s, shape, rng, new Float32Array(s.length));
  return Array.from(s).map((v) => Math.round(v * 1e4) / 1e4);
}

// A 3x3 single-channel image 0..8, row-major.
const img = [0, 1, 2, 3, 4, 5, 6, 7, 8];

test('normalize applies (x - mean[c]) / std[c] per channel', () => {
  expect(run(normalize([1, 2], [2, 4]), [3, 6, 5, 10], [1, 2, 2])).toEqual([1, 1, 2, 2]);
  expect(run(normalize(0.1307, 0.3081), [0], [1, 1, 1])).toEqual([Math.round((-0.1307 / 0.3081) * 1e4) / 1e4]);
  expect(() => normalize([0], [0])).toThrow(ValidationError);
  expect(() => run(normalize([0, 0], [1, 1]), [1, 2, 3], [1, 1, 3])).toThrow(/2 means and 2 stds for samples with 3 channels/);
});

test('permutePixels moves whole pixels (all channels) and rejects non-permutations', () => {
  expect(run(permutePixels([2, 0, 1]), [0, 10, 1, 11, 2, 12], [1, 3, 2])).toEqual([2, 12, 0, 10, 1, 11]);
  expect(() => permutePixels([0, 0, 1])).toThrow(/not a permutation/);
  expect(() => run(permutePixels([1, 0]), img, [3, 3, 1])).toThrow(/2 entries but samples have 9 pixels/);
});

test('rotate turns counter-clockwise for positive angles (torchvision convention)', () => {
  expect(run(rotate(90), img, [3, 3, 1])).toEqual([2, 5, 8, 1, 4, 7, 0, 3, 6]);
  expect(run(rotate(-90), img, [3, 3, 1])).toEqual([6, 3, 0, 7, 4, 1, 8, 5, 2]);
  expect(run(rotate(360), img, [3, 3, 1])).toEqual(img);
  // 45 degrees on 5x5 reads the corners from outside the image: filled with `fill`.
  const five = Array.from({ length: 25 }, (_, i) => i);
  const r = run(rotate(45, { fill: -1 }), five, [5, 5, 1]);
  expect(r[0]).toBe(-1);
  expect(r[12]).toBe(12);
});

test('random transforms are deterministic for a seed and vary across seeds', () => {
  const big = Array.from({ length: 64 }, (_, i) => i + 1);
  for (const t of [randomCrop({ padding: 2 }), randomHorizontalFlip(), randomRotation(30)]) {
    const outs = [1, 1, 2, 3, 4, 5].map((seed) => JSON.stringify(run(t, big, [8, 8, 1], new Rng(seed))));
    expect(outs[0]).toBe(outs[1]);
    expect(new Set(outs).size).toBeGreaterThan(1);
  }
});

test('randomCrop shifts the image by at most the padding, zero-filling the border', () => {
  const rng = new Rng(3);
  for (let k = 0; k < 20; k++) {
    const out = run(randomCrop({ padding: 1 }), img.map((v) => v + 1), [3, 3, 1], rng);
    // Every kept value is one of the originals; the centre pixel always survives a shift of 1.
    expect(out.every((v) => v === 0 || (v >= 1 && v <= 9))).toBe(true);
    expect(out.filter((v) => v !== 0).length).toBeGreaterThanOrEqual(4);
  }
});

test('randomHorizontalFlip mirrors rows with probability p', () => {
  expect(run(randomHorizontalFlip(1), img, [3, 3, 1])).toEqual([2, 1, 0, 5, 4, 3, 8, 7, 6]);
  expect(run(randomHorizontalFlip(0), img, [3, 3, 1])).toEqual(img);
  const rng = new Rng(11);
  let flipped = 0;
  for (let k = 0; k < 400; k++) if (run(randomHorizontalFlip(0.5), img, [3, 3, 1], rng)[0] === 2) flipped++;
  expect(flipped).toBeGreaterThan(150);
  expect(flipped).toBeLessThan(250);
});
