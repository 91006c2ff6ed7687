import type { RgbaImage } from './encode-png.js';

// Viridis at 9 evenly spaced stops (matplotlib's default colormap: perceptually uniform, colour-blind safe).
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

/** Colour of t in [0, 1] on viridis (linear between stops). */
export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [VIRIDIS[i], VIRIDIS[i + 1]];
  return [0, 1, 2].map((k) => Math.round(a[k] + f * (b[k] - a[k]))) as [number, number, number];
}

export interface HeatmapOptions {
  /** Pixels per matrix cell (default 24). */
  readonly cellSize?: number;
  /** Value shown darkest and brightest; default [0, 1] when every value lies there, else the data's range. */
  readonly domain?: readonly [number, number];
}

/**
 * Renders a matrix (accuracy matrix, confusion matrix) as an image, row i at the top of the image, one
 * square per cell coloured on viridis; NaN cells (not yet evaluated) are grey.
 */
export function heatmapImage(matrix: readonly (readonly number[])[], options: HeatmapOptions = {}): RgbaImage {
  const cell = options.cellSize ?? 24;
  const rows = matrix.length;
  const cols = Math.max(1, ...matrix.map((r) => r.length));
  const finite = matrix.flat().filter(Number.isFinite);
  const inUnit = finite.every((v) => v >= 0 && v <= 1);
  const [lo, hi] = options.domain ?? (inUnit ? [0, 1] : [Math.min(...finite, 0), Math.max(...finite, 1)]);
  const width = cols * cell;
  const height = Math.max(1, rows) * cell;
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = matrix[Math.floor(y / cell)]?.[Math.floor(x / cell)];
      const color = v === undefined || !Number.isFinite(v) ? [128, 128, 128] : viridis(hi > lo ? (v - lo) / (hi - lo) : 1);
      rgba.set([...color, 255], (y * width + x) * 4);
    }
  }
  return { width, height, rgba };
}
