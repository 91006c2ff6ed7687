import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from '@avalanche-ts/core';
import { ArrayDataset, type ArrayDatasetOptions } from './array-dataset.js';
import { parseIdx, type IdxArray } from './idx-format.js';
import { TypedArrayStore } from './sample-store.js';

/** Reads an IDX file, gzip-compressed (detected by its magic bytes) or raw. */
export function readIdxFile(path: string): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new DatasetError(`${path}: cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new DatasetError(`${path}: corrupt or truncated gzip data (${(err as Error).message})`, { cause: err });
    }
  }
  return parseIdx(bytes, path);
}

/**
 * A classification dataset from an IDX images file ([n, H, W] uint8, kept as uint8 and read as x/255 in
 * [H, W, 1]) and an IDX labels file ([n]), as MNIST, Fashion-MNIST, KMNIST and EMNIST ship them.
 */
export function readIdxDataset(imagesPath: string, labelsPath: string, options: ArrayDatasetOptions = {}): ArrayDataset {
  const images = readIdxFile(imagesPath);
  const labels = readIdxFile(labelsPath);
  if (images.dtype !== 'uint8' || images.shape.length < 2) {
    throw new DatasetError(`${imagesPath}: expected uint8 images [n, H, W], got ${images.dtype} [${images.shape.join(', ')}]`);
  }
  if (labels.shape.length !== 1) {
    throw new DatasetError(`${labelsPath}: expected labels [n], got [${labels.shape.join(', ')}]`);
  }
  if (images.shape[0] !== labels.shape[0]) {
    throw new DatasetError(`image/label count mismatch: ${imagesPath} has ${images.shape[0]} images but ${labelsPath} has ${labels.shape[0]} labels`);
  }
  const sampleShape = images.shape.length === 3 ? [images.shape[1], images.shape[2], 1] : images.shape.slice(1);
  return ArrayDataset.fromStore(new TypedArrayStore(images.data as Uint8Array, sampleShape), labels.data, options);
}
