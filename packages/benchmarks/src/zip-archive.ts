import { closeSync, mkdirSync, openSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize as normalizePath } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DatasetError } from '@avalanche-ts/core';

/** One member of a zip archive, from its central directory. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
  readonly crc32: number;
}

/**
 * Reads a zip archive through a file descriptor (never the whole file in memory, so multi-GB archives
 * such as CORe50's work), with zip64 sizes and offsets; members are stored or deflated.
 */
export class ZipArchive {
  readonly entries: readonly ZipEntry[];
  private fd: number | undefined;

  private constructor(
    private readonly path: string,
    fd: number,
    entries: ZipEntry[],
  ) {
    this.fd = fd;
    this.entries = entries;
  }

  static open(path: string): ZipArchive {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      throw new DatasetError(`${path}: cannot open zip archive (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
    }
    try {
      return new ZipArchive(path, fd, readCentralDirectory(fd, statSync(path).size, path));
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** The uncompressed bytes of `entry`. */
  read(entry: ZipEntry): Uint8Array {
    if (this.fd === undefined) throw new DatasetError(`${this.path}: zip archive is closed`);
    const local = readAt(this.fd, entry.localHeaderOffset, 30, this.path);
    const view = new DataView(local.buffer, local.byteOffset, 30);
    if (view.getUint32(0, true) !== 0x04034b50) throw new DatasetError(`${this.path}: bad local header for ${entry.name}`);
    const start = entry.localHeaderOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
    const raw = readAt(this.fd, start, entry.compressedSize, this.path);
    let data: Uint8Array;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) {
      try {
        data = inflateRawSync(raw);
      } catch (err) {
        throw new DatasetError(`${this.path}: corrupt deflate data in ${entry.name} (${(err as Error).message})`, { cause: err });
      }
    } else throw new DatasetError(`${this.path}: ${entry.name} uses unsupported compression method ${entry.method}`);
    if (data.length !== entry.size) throw new DatasetError(`${this.path}: ${entry.name} inflated to ${data.length} bytes, expected ${entry.size}`);
    if (crc32(data) !== entry.crc32) throw new DatasetError(`${this.path}: CRC-32 mismatch in ${entry.name} (corrupt archive)`);
    return data;
  }

  /**
   * Writes every file member (or those `filter` accepts) under `destDir`, each through a temporary file
   * and a rename, so an interrupted extraction never leaves a complete-looking partial file.
   */
  extractTo(destDir: string, filter: (name: string) => boolean = () => true): number {
    let count = 0;
    for (const entry of this.entries) {
      if (entry.name.endsWith('/') || !filter(entry.name)) continue;
      const rel = normalizePath(entry.name);
      if (rel.startsWith('..') || rel.startsWith('/')) throw new DatasetError(`${this.path}: member ${entry.name} points outside the extraction folder`);
      const dest = join(destDir, rel);
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(`${dest}.part-${process.pid}`, this.read(entry));
      renameSync(`${dest}.part-${process.pid}`, dest);
      count++;
    }
    return count;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function readAt(fd: number, position: number, length: number, path: string): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, position + done);
    if (n === 0) throw new DatasetError(`${path}: truncated zip archive (wanted ${length} bytes at ${position})`);
    done += n;
  }
  return out;
}

function readCentralDirectory(fd: number, fileSize: number, path: string): ZipEntry[] {
  const tailLength = Math.min(fileSize, 22 + 65535);
  const tail = readAt(fd, fileSize - tailLength, tailLength, path);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) if (tv.getUint32(i, true) === 0x06054b50) {
    eocd = i;
    break;
  }
  if (eocd < 0) throw new DatasetError(`${path}: not a zip archive (no end-of-central-directory record)`);
  let count = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // zip64: the locator just before the EOCD points at the zip64 EOCD record.
    if (eocd < 20 || tv.getUint32(eocd - 20, true) !== 0x07064b50) throw new DatasetError(`${path}: zip64 archive without a zip64 locator`);
    const rec = readAt(fd, Number(tv.getBigUint64(eocd - 20 + 8, true)), 56, path);
    const rv = new DataView(rec.buffer);
    if (rv.getUint32(0, true) !== 0x06064b50) throw new DatasetError(`${path}: bad zip64 end-of-central-directory record`);
    count = Number(rv.getBigUint64(32, true));
    cdSize = Number(rv.getBigUint64(40, true));
    cdOffset = Number(rv.getBigUint64(48, true));
  }
  const cd = readAt(fd, cdOffset, cdSize, path);
  const v = new DataView(cd.buffer);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let k = 0; k < count; k++) {
    if (v.getUint32(at, true) !== 0x02014b50) throw new DatasetError(`${path}: corrupt central directory at entry ${k}`);
    const nameLen = v.getUint16(at + 28, true);
    const extraLen = v.getUint16(at + 30, true);
    const commentLen = v.getUint16(at + 32, true);
    let size = v.getUint32(at + 24, true);
    let compressedSize = v.getUint32(at + 20, true);
    let localHeaderOffset = v.getUint32(at + 42, true);
    const name = decoder.decode(cd.subarray(at + 46, at + 46 + nameLen));
    // zip64 extra field (id 1): the 64-bit values of the fields that hold 0xffffffff, in this order.
    for (let e = at + 46 + nameLen; e < at + 46 + nameLen + extraLen; ) {
      const id = v.getUint16(e, true);
      const len = v.getUint16(e + 2, true);
      if (id === 1) {
        let p = e + 4;
        if (size === 0xffffffff) {
          size = Number(v.getBigUint64(p, true));
          p += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(v.getBigUint64(p, true));
          p += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(v.getBigUint64(p, true));
      }
      e += 4 + len;
    }
    entries.push({ name, method: v.getUint16(at + 10, true), compressedSize, size, localHeaderOffset, crc32: v.getUint32(at + 16, true) });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Writes a (non-zip64) zip archive of deflated files: test fixtures without a zip binary. */
export function makeZip(files: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    const name = encoder.encode(f.name);
    const body = deflateRawSync(f.data);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, 8, true);
    lv.setUint32(14, crc32(f.data), true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, f.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, 8, true);
    cv.setUint32(16, crc32(f.data), true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, f.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, body);
    centrals.push(central);
    offset += local.length + body.length;
  }
  const cdSize = centrals.reduce((a, c) => a + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) as zip stores it. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
