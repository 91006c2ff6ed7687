import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from '@avalanche-ts/core';

/** Progress of a download, reported after every chunk. */
export interface DownloadProgress {
  readonly url: string;
  readonly receivedBytes: number;
  /** From Content-Length; undefined when the server does not send it. */
  readonly totalBytes?: number;
}

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions {
  /** Expected md5 of the decompressed bytes (of the bytes as received, for files that are not gzip). */
  readonly md5?: string;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** fetch implementation (default the global one). */
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

/**
 * Downloads `url` to `dest` atomically: the body goes to a temporary file beside `dest`, is checked
 * (md5 of the decompressed bytes) and only then renamed to `dest`. A killed or failed download leaves
 * at most a `*.part-*` file, never a `dest` that would later be trusted.
 */
export async function downloadFile(url: string, dest: string, options: DownloadFileOptions = {}): Promise<void> {
  const doFetch = options.fetch ?? globalThis.fetch;
  await mkdir(dirname(dest), { recursive: true });
  const tmp = `${dest}.part-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    let response: Response;
    try {
      response = await doFetch(url, { signal: options.signal });
    } catch (err) {
      throw new DatasetError(`could not download ${url}: ${(err as Error).message}`, { cause: err });
    }
    if (!response.ok || !response.body) {
      throw new DatasetError(`could not download ${url}: HTTP ${response.status} ${response.statusText}`);
    }
    const length = Number(response.headers.get('content-length'));
    const totalBytes = Number.isFinite(length) && length > 0 ? length : undefined;
    const chunks: Uint8Array[] = [];
    let receivedBytes = 0;
    const handle = await open(tmp, 'w');
    try {
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          await handle.write(chunk);
          chunks.push(chunk);
          receivedBytes += chunk.length;
          options.onProgress?.({ url, receivedBytes, totalBytes });
        }
      } catch (err) {
        throw new DatasetError(`download of ${url} failed after ${receivedBytes} bytes: ${(err as Error).message}`, { cause: err });
      }
      if (totalBytes !== undefined && receivedBytes !== totalBytes) {
        throw new DatasetError(`download of ${url} stopped after ${receivedBytes} of ${totalBytes} bytes`);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.md5) {
      const actual = md5OfContent(Buffer.concat(chunks), url);
      if (actual !== options.md5) {
        throw new DatasetError(`checksum mismatch for ${url}: md5 of the decompressed data is ${actual}, expected ${options.md5}`);
      }
    }
    await rename(tmp, dest);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** md5 (hex) of a file's content, after gunzip when it is gzip-compressed. */
export function md5OfContent(bytes: Uint8Array, source: string): string {
  let content = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      content = gunzipSync(bytes);
    } catch (err) {
      throw new DatasetError(`${source}: corrupt gzip data (${(err as Error).message})`, { cause: err });
    }
  }
  return createHash('md5').update(content).digest('hex');
}
