import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { DatasetError } from '@avalanche-ts/core';

/** A decoded image: uint8 pixels [height, width, channels]. */
export interface DecodedImage {
  readonly data: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
}

/**
 * Decodes PNG (pngjs) or JPEG (jpeg-js) bytes, recognised by their magic bytes, to `channels` 3 (RGB)
 * or 1 (luma, 0.299 R + 0.587 G + 0.114 B, as PIL's convert('L')). `source` names the file in errors.
 */
export function decodeImage(bytes: Uint8Array, source: string, channels: 1 | 3 = 3): DecodedImage {
  let rgba: Uint8Array;
  let width: number;
  let height: number;
  const isPng = bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8;
  if (!isPng && !isJpeg) throw new DatasetError(`${source}: unreadable image (not a PNG or JPEG file)`);
  try {
    if (isPng) {
      const png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      rgba = png.data;
      width = png.width;
      height = png.height;
    } else {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
      rgba = img.data;
      width = img.width;
      height = img.height;
    }
  } catch (err) {
    throw new DatasetError(`${source}: unreadable ${isPng ? 'PNG' : 'JPEG'} image (${(err as Error).message})`, { cause: err });
  }
  const n = width * height;
  const data = new Uint8Array(n * channels);
  for (let p = 0; p < n; p++) {
    const r = rgba[4 * p];
    const g = rgba[4 * p + 1];
    const b = rgba[4 * p + 2];
    if (channels === 3) {
      data[3 * p] = r;
      data[3 * p + 1] = g;
      data[3 * p + 2] = b;
    } else {
      data[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
  }
  return { data, height, width, channels };
}
