import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatasetError, ValidationError } from '@avalanche-ts/core';
import { ArrayDataset, type ArrayDatasetOptions } from './array-dataset.js';
import { decodeImage } from './decode-image.js';
import { TypedArrayStore, type SampleStore } from './sample-store.js';

/** One image file and its class. */
export interface ImageEntry {
  readonly path: string;
  readonly label: number;
}

/** Options of {@link imageFilesDataset}. */
export interface ImageFilesOptions extends Omit<ArrayDatasetOptions, 'attributes'> {
  /** 3 (RGB, default) or 1 (grayscale). */
  readonly channels?: 1 | 3;
  /**
   * Decode each image when a minibatch needs it instead of all at once (default false). Lazy datasets
   * hold only file names in memory (CORe50-size folders); errors then surface in getBatch.
   */
  readonly lazy?: boolean;
  /** Folder that relative paths are resolved against (default the current directory). */
  readonly root?: string;
}

/**
 * A classification dataset of image files (PNG or JPEG) with their labels. All images must have the
 * same size; a file that cannot be read or decoded, or has another size, raises a DatasetError naming it.
 */
export function imageFilesDataset(entries: readonly ImageEntry[], options: ImageFilesOptions = {}): ArrayDataset {
  if (entries.length === 0) throw new ValidationError('imageFilesDataset: no image files given');
  const channels = options.channels ?? 3;
  const paths = entries.map((e) => resolve(options.root ?? '.', e.path));
  const first = load(paths[0], channels);
  const shape = [first.height, first.width, channels];
  const store = options.lazy ? new ImageFileStore(paths, shape, channels) : eagerStore(paths, shape, channels, first.data);
  return ArrayDataset.fromStore(
    store,
    entries.map((e) => e.label),
    options,
  );
}

function eagerStore(paths: string[], shape: number[], channels: 1 | 3, firstData: Uint8Array): TypedArrayStore {
  const size = shape[0] * shape[1] * shape[2];
  const data = new Uint8Array(paths.length * size);
  data.set(firstData, 0);
  for (let i = 1; i < paths.length; i++) data.set(loadSized(paths[i], shape, channels), i * size);
  return new TypedArrayStore(data, shape);
}

/** Decodes image files on demand; only the paths stay in memory. */
class ImageFileStore implements SampleStore {
  readonly byteLength = 0;
  constructor(
    private readonly paths: readonly string[],
    readonly sampleShape: readonly number[],
    private readonly channels: 1 | 3,
  ) {}
  get length(): number {
    return this.paths.length;
  }
  readInto(index: number, out: Float32Array): void {
    const px = loadSized(this.paths[index], this.sampleShape, this.channels);
    for (let i = 0; i < px.length; i++) out[i] = px[i] / 255;
  }
}

function load(path: string, channels: 1 | 3) {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new DatasetError(`${path}: cannot read image (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  return decodeImage(bytes, path, channels);
}

function loadSized(path: string, shape: readonly number[], channels: 1 | 3): Uint8Array {
  const img = load(path, channels);
  if (img.height !== shape[0] || img.width !== shape[1]) {
    throw new DatasetError(`${path}: image is ${img.width}x${img.height}, expected ${shape[1]}x${shape[0]} like the first image`);
  }
  return img.data;
}
