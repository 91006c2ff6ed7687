import { disposeMinibatch } from '@avalanche-ts/core';
import type { ArrayDataset } from '@avalanche-ts/benchmarks';

/**
 * The images of a loaded 28x28 uint8 dataset (no transforms: x = byte / 255) back as bytes, one per pixel,
 * and its labels as bytes: the layout of the demo's static assets.
 */
export function bytesOf(dataset: ArrayDataset): { images: Uint8Array; labels: Uint8Array } {
  const n = dataset.length;
  const images = new Uint8Array(n * 784);
  for (let start = 0; start < n; start += 1000) {
    const indices = Int32Array.from({ length: Math.min(1000, n - start) }, (_, k) => start + k);
    const batch = dataset.getBatch(indices);
    const x = batch.x.dataSync();
    for (let i = 0; i < x.length; i++) images[start * 784 + i] = Math.round(x[i] * 255);
    disposeMinibatch(batch);
  }
  return { images, labels: Uint8Array.from(dataset.targets) };
}
