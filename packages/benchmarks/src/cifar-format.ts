import { DatasetError } from '@avalanche-ts/core';

/** Decoded CIFAR binary batch: images as uint8 [n, 32, 32, 3] (channels last) and labels. */
export interface CifarBatch {
  readonly images: Uint8Array;
  /** Fine labels (CIFAR-100) or the only labels (CIFAR-10). */
  readonly labels: Int32Array;
  /** CIFAR-100 only: the 20 superclass labels. */
  readonly coarseLabels?: Int32Array;
}

const PIXELS = 32 * 32;

/**
 * Decodes a CIFAR binary batch file: records of <label> (CIFAR-10: 1 byte) or <coarse><fine>
 * (CIFAR-100: 2 bytes) followed by 3072 bytes, the red, green and blue 32x32 planes. Pixels are
 * reordered to channels-last (the tfjs layout). `source` names the file in errors.
 */
export function parseCifarBatch(bytes: Uint8Array, labelBytes: 1 | 2, source: string): CifarBatch {
  const record = labelBytes + 3 * PIXELS;
  if (bytes.length === 0 || bytes.length % record !== 0) {
    throw new DatasetError(`${source}: ${bytes.length} bytes is not a whole number of ${record}-byte CIFAR records (truncated or not a CIFAR-${labelBytes === 1 ? '10' : '100'} binary file)`);
  }
  const n = bytes.length / record;
  const images = new Uint8Array(n * 3 * PIXELS);
  const labels = new Int32Array(n);
  const coarse = labelBytes === 2 ? new Int32Array(n) : undefined;
  const maxLabel = labelBytes === 1 ? 9 : 99;
  for (let i = 0; i < n; i++) {
    const at = i * record;
    labels[i] = bytes[at + labelBytes - 1];
    if (coarse) coarse[i] = bytes[at];
    if (labels[i] > maxLabel || (coarse && coarse[i] > 19)) {
      throw new DatasetError(`${source}: record ${i} has label ${labels[i]}${coarse ? ` (coarse ${coarse[i]})` : ''}, outside the dataset's classes (wrong file type or corrupt)`);
    }
    const px = at + labelBytes;
    const out = i * 3 * PIXELS;
    for (let p = 0; p < PIXELS; p++) {
      images[out + 3 * p] = bytes[px + p];
      images[out + 3 * p + 1] = bytes[px + PIXELS + p];
      images[out + 3 * p + 2] = bytes[px + 2 * PIXELS + p];
    }
  }
  return { images, labels, ...(coarse ? { coarseLabels: coarse } : {}) };
}

/** Encodes images [n, 32, 32, 3] and labels as a CIFAR binary batch (inverse of {@link parseCifarBatch}). */
export function encodeCifarBatch(batch: CifarBatch, labelBytes: 1 | 2): Uint8Array {
  const n = batch.labels.length;
  const record = labelBytes + 3 * PIXELS;
  const out = new Uint8Array(n * record);
  for (let i = 0; i < n; i++) {
    const at = i * record;
    if (labelBytes === 2) out[at] = batch.coarseLabels?.[i] ?? 0;
    out[at + labelBytes - 1] = batch.labels[i];
    for (let p = 0; p < PIXELS; p++) {
      for (let c = 0; c < 3; c++) out[at + labelBytes + c * PIXELS + p] = batch.images[i * 3 * PIXELS + 3 * p + c];
    }
  }
  return out;
}
