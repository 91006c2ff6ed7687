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
      bytes = gunzipOnce(bytes);
    } catch (err) {
      throw new DatasetError(`${path}: corrupt or truncated gzip data (${(err as Error).message})`, { cause: err });
    }
  }
  return parseIdx(bytes, path);
}

/**
 * gunzip into a single output chunk sized from the gzip trailer (ISIZE, the length mod 2^32), so the
 * decompressed data is allocated once instead of gathered in 64 KiB chunks and concatenated (which
 * doubles the peak memory of a 47 MB image file).
 */
export function gunzipOnce(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isize = bytes.length >= 18 ? view.getUint32(bytes.length - 4, true) : 0;
  return gunzipSync(bytes, { chunkSize: Math.max(64 * 1024, Math.min(isize + 1, 2 ** 30)) });
}

/**
 * A classification dataset from an IDX images file ([n, H, W] uint8, kept as uint8 and read as x/255 in
 * [H, W, 1]) and an IDX labels file ([n]), as MNIST, Fashion-MNIST, KMNIST and EMNIST ship them.
 */
export function readIdxDataset(
  imagesPath: string,
  labelsPath: string,
  options: ArrayDatasetOptions & {
    /** Swap rows and columns of every image once at load: EMNIST's IDX files store images transposed. */
    readonly transposeImages?: boolean;
  } = {},
): ArrayDataset {
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
  let pixels = images.data as Uint8Array;
  if (options.transposeImages) {
    if (images.shape.length !== 3) throw new DatasetError(`${imagesPath}: transposeImages needs [n, H, W] images, got [${images.shape.join(', ')}]`);
    const [n, h, w] = images.shape;
    const out = new Uint8Array(pixels.length);
    for (let i = 0; i < n; i++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[i * h * w + x * h + y] = pixels[i * h * w + y * w + x];
    pixels = out;
    sampleShape.splice(0, 2, w, h);
  }
  const { transposeImages: _t, ...rest } = options;
  return ArrayDataset.fromStore(new TypedArrayStore(pixels, sampleShape), labels.data, rest);
}
