import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from '@avalanche-ts/core';
import { ArrayDataset } from './array-dataset.js';
import { TypedArrayStore } from './sample-store.js';

/** Where Debian's python3-sklearn installs the digits data. */
export const SKLEARN_DIGITS_PATH = '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz';

/**
 * scikit-learn's digits (1,797 images of 8x8, pixel values 0..16, 10 classes) from its digits.csv.gz:
 * 64 pixel columns then the label per line. Inputs are x/16 in [8, 8, 1].
 */
export function loadSklearnDigits(path: string = SKLEARN_DIGITS_PATH): ArrayDataset {
  let text: string;
  try {
    text = gunzipSync(readFileSync(path)).toString('utf8');
  } catch (err) {
    throw new DatasetError(`${path}: cannot read sklearn digits (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); install python3-sklearn or pass the path`, { cause: err });
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const pixels = new Uint8Array(lines.length * 64);
  const labels = new Int32Array(lines.length);
  lines.forEach((line, i) => {
    const values = line.split(',').map(Number);
    if (values.length !== 65 || values.some((v) => !Number.isInteger(v) || v < 0 || v > 16)) {
      throw new DatasetError(`${path}:${i + 1}: expected 64 pixels in 0..16 and a label, got ${values.length} values`);
    }
    pixels.set(values.slice(0, 64), i * 64);
    labels[i] = values[64];
  });
  return ArrayDataset.fromStore(new TypedArrayStore(pixels, [8, 8, 1], { scale: 1 / 16 }), labels);
}
