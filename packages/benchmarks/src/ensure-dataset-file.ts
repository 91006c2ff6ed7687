import { join } from 'node:path';
import type { DatasetFileSpec, DatasetSpec } from './dataset-catalog.js';
import { dataRoot, locateFile, missingFileError, type DataLocationOptions } from './data-root.js';
import { downloadFile, type DownloadProgress } from './download-file.js';

/** Options of {@link ensureDatasetFile}. */
export interface EnsureDatasetFileOptions extends DataLocationOptions {
  /** Download missing files from the canonical URLs into the data root (default false: offline). */
  readonly download?: boolean;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** fetch implementation for downloads (default the global one). */
  readonly fetch?: typeof fetch;
}

/**
 * The path of a dataset file: found in the data root, the repository's shared data or a system folder,
 * else (with `download`) downloaded from its canonical URLs (checked, atomic). Offline, a missing file
 * raises a DatasetError that names it and says where to put it.
 */
export async function ensureDatasetFile(spec: DatasetSpec, file: DatasetFileSpec, options: EnsureDatasetFileOptions = {}): Promise<string> {
  const found = locateFile(spec, file, options);
  if (found) return found;
  if (!options.download) throw missingFileError(spec, file, options);
  const dest = join(dataRoot(options), spec.name, file.file);
  let lastError: unknown;
  for (const url of file.urls) {
    try {
      await downloadFile(url, dest, { md5: file.md5, onProgress: options.onProgress, fetch: options.fetch });
      return dest;
    } catch (err) {
      lastError = err;
    }
  }
  throw missingFileError(spec, file, options, lastError);
}
