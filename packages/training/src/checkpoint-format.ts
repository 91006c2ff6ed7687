import * as tf from '@tensorflow/tfjs';
import { CheckpointError, type StateValue } from '@avalanche-ts/core';

/**
 * The checkpoint container: a fixed 24-byte header, a JSON section and a binary section.
 *
 *   0  "AVTSCKPT"            magic (8 bytes)
 *   8  uint32 LE             format version
 *  12  uint32 LE             JSON byte length
 *  16  uint32 LE             binary byte length
 *  20  uint32 LE             CRC-32 of JSON + binary
 *  24  JSON (UTF-8)          the state tree; tensors and typed arrays are references into the binary section
 *      binary                raw little-endian element bytes, each entry 8-byte aligned
 *
 * Tensors keep their exact bytes, so a restored run continues bit for bit. JSON numbers round-trip doubles
 * exactly; NaN, ±Infinity and -0 are written as tagged strings.
 */
export const CHECKPOINT_MAGIC = 'AVTSCKPT';
export const CHECKPOINT_FORMAT_VERSION = 1;
const HEADER_BYTES = 24;

type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

const TYPED_KINDS = { float32: Float32Array, int32: Int32Array, uint8: Uint8Array } as const;
type TypedKind = keyof typeof TYPED_KINDS;

/** Serialises a state tree (JSON data, tensors, typed arrays) into checkpoint bytes. */
export async function encodeState(tree: StateValue): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const addBytes = (bytes: Uint8Array): number => {
    const at = offset;
    chunks.push(bytes);
    offset += bytes.byteLength;
    const pad = (8 - (offset % 8)) % 8;
    if (pad > 0) {
      chunks.push(new Uint8Array(pad));
      offset += pad;
    }
    return at;
  };
  const visit = async (value: StateValue, path: string): Promise<Encoded> => {
    if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
    if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : { $number: String(Object.is(value, -0) ? '-0' : value) };
    if (value instanceof tf.Tensor) {
      if (value.isDisposed) throw new CheckpointError(`cannot save ${path}: the tensor is disposed`);
      if (value.dtype !== 'float32' && value.dtype !== 'int32' && value.dtype !== 'bool') {
        throw new CheckpointError(`cannot save ${path}: tensors of dtype ${value.dtype} are not supported`);
      }
      const data = (await value.data()) as Float32Array | Int32Array | Uint8Array;
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
      return { $tensor: { dtype: value.dtype, shape: [...value.shape], offset: addBytes(bytes), byteLength: bytes.byteLength } };
    }
    for (const [kind, ctor] of Object.entries(TYPED_KINDS)) {
      if (value instanceof ctor) {
        const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
        return { $typed: { kind, length: value.length, offset: addBytes(bytes) } };
      }
    }
    if (Array.isArray(value)) return Promise.all(value.map((v, i) => visit(v, `${path}[${i}]`)));
    if (typeof value === 'object') {
      const out: Record<string, Encoded> = {};
      for (const [key, v] of Object.entries(value as Record<string, StateValue>)) {
        if (v === undefined) continue;
        out[key.startsWith('$') ? `$${key}` : key] = await visit(v, `${path}.${key}`);
      }
      return out;
    }
    throw new CheckpointError(`cannot save ${path}: unsupported value of type ${typeof value}`);
  };
  const json = new TextEncoder().encode(JSON.stringify(await visit(tree, 'state')));
  const total = HEADER_BYTES + json.byteLength + offset;
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode(CHECKPOINT_MAGIC), 0);
  out.set(json, HEADER_BYTES);
  let at = HEADER_BYTES + json.byteLength;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  const view = new DataView(out.buffer);
  view.setUint32(8, CHECKPOINT_FORMAT_VERSION, true);
  view.setUint32(12, json.byteLength, true);
  view.setUint32(16, offset, true);
  view.setUint32(20, crc32(out.subarray(HEADER_BYTES)), true);
  return out;
}

/**
 * Reads checkpoint bytes back into a state tree, creating fresh tensors (the caller owns them). Throws a
 * CheckpointError naming `source` for a foreign file, a newer format, a truncated or corrupted file.
 */
export function decodeState(bytes: Uint8Array, source: string): StateValue {
  if (bytes.byteLength < HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 8)) !== CHECKPOINT_MAGIC) {
    throw new CheckpointError(`${source} is not an avalanche-ts checkpoint (no "${CHECKPOINT_MAGIC}" header)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== CHECKPOINT_FORMAT_VERSION) {
    throw new CheckpointError(`${source} has checkpoint format version ${version}; this library reads version ${CHECKPOINT_FORMAT_VERSION}`);
  }
  const jsonLength = view.getUint32(12, true);
  const binLength = view.getUint32(16, true);
  const expected = HEADER_BYTES + jsonLength + binLength;
  if (bytes.byteLength !== expected) {
    throw new CheckpointError(`${source} is truncated or has trailing data: the header announces ${expected} bytes, the file has ${bytes.byteLength}`);
  }
  const crc = crc32(bytes.subarray(HEADER_BYTES));
  if (crc !== view.getUint32(20, true)) throw new CheckpointError(`${source} is corrupted: CRC-32 mismatch`);
  const binStart = HEADER_BYTES + jsonLength;
  const bin = bytes.subarray(binStart);
  let parsed: Encoded;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER_BYTES, binStart))) as Encoded;
  } catch (error) {
    throw new CheckpointError(`${source} has an unreadable JSON section`, { cause: error });
  }
  const slice = (offset: number, byteLength: number, path: string): ArrayBuffer => {
    if (!Number.isInteger(offset) || offset < 0 || offset + byteLength > bin.byteLength) {
      throw new CheckpointError(`${source}: ${path} points outside the binary section`);
    }
    // Copy into a fresh, aligned buffer (a Node Buffer's slice would be a view into the shared pool).
    const copy = new Uint8Array(byteLength);
    copy.set(bin.subarray(offset, offset + byteLength));
    return copy.buffer;
  };
  const visit = (value: Encoded, path: string): StateValue => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v, i) => visit(v, `${path}[${i}]`));
    if ('$number' in value) return Number(value.$number);
    if ('$tensor' in value) {
      const t = value.$tensor as { dtype: 'float32' | 'int32' | 'bool'; shape: number[]; offset: number; byteLength: number };
      const buffer = slice(t.offset, t.byteLength, path);
      const data = t.dtype === 'float32' ? new Float32Array(buffer) : t.dtype === 'int32' ? new Int32Array(buffer) : new Uint8Array(buffer);
      if (data.length !== t.shape.reduce((a, b) => a * b, 1)) throw new CheckpointError(`${source}: ${path} has ${data.length} values for shape [${t.shape}]`);
      return tf.tensor(data, t.shape, t.dtype);
    }
    if ('$typed' in value) {
      const t = value.$typed as { kind: TypedKind; length: number; offset: number };
      const ctor = TYPED_KINDS[t.kind];
      if (ctor === undefined) throw new CheckpointError(`${source}: ${path} has an unknown typed-array kind "${t.kind}"`);
      return new ctor(slice(t.offset, t.length * ctor.BYTES_PER_ELEMENT, path));
    }
    const out: Record<string, StateValue> = {};
    for (const [key, v] of Object.entries(value)) out[key.startsWith('$$') ? key.slice(1) : key] = visit(v, `${path}.${key}`);
    return out;
  };
  return visit(parsed, 'state');
}

/** Every tensor inside a decoded state tree (to free what was not consumed). */
export function tensorsIn(value: StateValue, out: tf.Tensor[] = []): tf.Tensor[] {
  if (value instanceof tf.Tensor) out.push(value);
  else if (Array.isArray(value)) for (const v of value) tensorsIn(v, out);
  else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) for (const v of Object.values(value)) tensorsIn(v as StateValue, out);
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, as zlib), to detect corrupted checkpoints. */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
