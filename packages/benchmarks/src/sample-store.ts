import { DatasetError, ValidationError } from '@avalanche-ts/core';

/**
 * Where a dataset's inputs live. A store hands out one sample at a time as float32 values in [H, W, C]
 * order; datasets index into stores and never copy them, so any number of subsets and experiences share
 * one store's memory.
 */
export interface SampleStore {
  /** Number of samples. */
  readonly length: number;
  /** Shape of one sample, e.g. [28, 28, 1]. */
  readonly sampleShape: readonly number[];
  /** Writes sample `index` (scaled to floats) into `out`, whose length is the product of `sampleShape`. */
  readInto(index: number, out: Float32Array): void;
  /** Bytes of input data held in memory (for reports and memory checks). */
  readonly byteLength: number;
}

/** Options of {@link typedArrayStore}. */
export interface TypedArrayStoreOptions {
  /** Factor applied when reading (default 1/255 for 8-bit data, 1 otherwise), so images come out in [0, 1]. */
  readonly scale?: number;
}

/** Samples of one shape packed back to back in a typed array (uint8 keeps a 60,000-image set at 47 MB). */
export class TypedArrayStore implements SampleStore {
  readonly length: number;
  private readonly size: number;
  private readonly divisor: number;

  constructor(
    readonly data: Uint8Array | Uint8ClampedArray | Float32Array | Int32Array | Float64Array,
    readonly sampleShape: readonly number[],
    options: TypedArrayStoreOptions = {},
  ) {
    if (sampleShape.length === 0 || !sampleShape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ValidationError(`sampleShape must be positive integers, got [${sampleShape.join(', ')}]`);
    }
    this.size = sampleShape.reduce((a, b) => a * b, 1);
    if (data.length % this.size !== 0) {
      throw new DatasetError(`input data of ${data.length} values is not a whole number of samples of shape [${sampleShape.join(', ')}]`);
    }
    this.length = data.length / this.size;
    const eightBit = data instanceof Uint8Array || data instanceof Uint8ClampedArray;
    // Divide rather than multiply by a reciprocal, so x / 255 matches torchvision's ToTensor bit for bit.
    this.divisor = options.scale === undefined ? (eightBit ? 255 : 1) : 1 / options.scale;
  }

  get byteLength(): number {
    return this.data.byteLength;
  }

  readInto(index: number, out: Float32Array): void {
    const start = index * this.size;
    const { data, divisor, size } = this;
    if (divisor === 1) {
      for (let i = 0; i < size; i++) out[i] = data[start + i];
    } else {
      for (let i = 0; i < size; i++) out[i] = data[start + i] / divisor;
    }
  }
}

/** Wraps a typed array of samples laid out [n, ...sampleShape] as a {@link SampleStore}. */
export function typedArrayStore(
  data: TypedArrayStore['data'],
  sampleShape: readonly number[],
  options?: TypedArrayStoreOptions,
): TypedArrayStore {
  return new TypedArrayStore(data, sampleShape, options);
}
