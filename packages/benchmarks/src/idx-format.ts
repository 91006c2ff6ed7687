import { DatasetError } from '@avalanche-ts/core';

/** Element types of the IDX format (LeCun's MNIST files): the third magic byte. */
const IDX_TYPES = {
  0x08: { name: 'uint8', bytes: 1 },
  0x09: { name: 'int8', bytes: 1 },
  0x0b: { name: 'int16', bytes: 2 },
  0x0c: { name: 'int32', bytes: 4 },
  0x0d: { name: 'float32', bytes: 4 },
  0x0e: { name: 'float64', bytes: 8 },
} as const;

export type IdxDtype = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['name'];

/** A decoded IDX file: its dimensions and values (uint8 data is returned as a view, not a copy). */
export interface IdxArray {
  readonly dtype: IdxDtype;
  readonly shape: readonly number[];
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/**
 * Decodes the bytes of an (uncompressed) IDX file: magic 0x00 0x00 <type> <ndims>, ndims big-endian
 * uint32 sizes, then the values big-endian. `source` names the file in errors (wrong magic, truncated
 * data, trailing bytes).
 */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DatasetError(`${source}: not an IDX file (magic bytes ${hex(bytes.subarray(0, 4))}, expected 00 00 <type> <ndims>)`);
  }
  const type = IDX_TYPES[bytes[2] as keyof typeof IDX_TYPES];
  if (!type) throw new DatasetError(`${source}: unknown IDX element type 0x${bytes[2].toString(16).padStart(2, '0')}`);
  const ndims = bytes[3];
  if (ndims === 0) throw new DatasetError(`${source}: IDX header declares 0 dimensions`);
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) throw new DatasetError(`${source}: truncated IDX header (${bytes.length} bytes, need ${headerBytes})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let d = 0; d < ndims; d++) shape.push(view.getUint32(4 + 4 * d, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * type.bytes;
  if (bytes.length < expected) {
    throw new DatasetError(`${source}: truncated IDX data: header [${shape.join(', ')}] needs ${expected} bytes, file has ${bytes.length}`);
  }
  if (bytes.length > expected) {
    throw new DatasetError(`${source}: ${bytes.length - expected} unexpected trailing bytes after IDX data of shape [${shape.join(', ')}]`);
  }
  const body = bytes.subarray(headerBytes, expected);
  switch (type.name) {
    case 'uint8':
      return { dtype: 'uint8', shape, data: body };
    case 'int8':
      return { dtype: 'int8', shape, data: new Int8Array(body.buffer, body.byteOffset, count) };
    default: {
      const out =
        type.name === 'int16' ? new Int16Array(count) : type.name === 'int32' ? new Int32Array(count) : type.name === 'float32' ? new Float32Array(count) : new Float64Array(count);
      const bodyView = new DataView(body.buffer, body.byteOffset, body.byteLength);
      for (let i = 0; i < count; i++) {
        const o = i * type.bytes;
        out[i] =
          type.name === 'int16' ? bodyView.getInt16(o) : type.name === 'int32' ? bodyView.getInt32(o) : type.name === 'float32' ? bodyView.getFloat32(o) : bodyView.getFloat64(o);
      }
      return { dtype: type.name, shape, data: out };
    }
  }
}

/** Encodes an array as IDX bytes (the inverse of {@link parseIdx}), e.g. to write test fixtures or caches. */
export function encodeIdx(array: IdxArray): Uint8Array {
  const entry = Object.entries(IDX_TYPES).find(([, t]) => t.name === array.dtype);
  if (!entry) throw new DatasetError(`encodeIdx: unknown dtype ${array.dtype}`);
  const [code, type] = entry;
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (array.data.length !== count) throw new DatasetError(`encodeIdx: ${array.data.length} values do not fill shape [${array.shape.join(', ')}]`);
  const header = 4 + 4 * array.shape.length;
  const out = new Uint8Array(header + count * type.bytes);
  const view = new DataView(out.buffer);
  out[2] = Number(code);
  out[3] = array.shape.length;
  array.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < count; i++) {
    const o = header + i * type.bytes;
    const v = array.data[i];
    if (type.name === 'uint8') out[o] = v;
    else if (type.name === 'int8') view.setInt8(o, v);
    else if (type.name === 'int16') view.setInt16(o, v);
    else if (type.name === 'int32') view.setInt32(o, v);
    else if (type.name === 'float32') view.setFloat32(o, v);
    else view.setFloat64(o, v);
  }
  return out;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ') || '(empty)';
}
