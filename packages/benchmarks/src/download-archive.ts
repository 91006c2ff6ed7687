import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { dataRoot } from './data-root.js';
import { downloadFile } from './download-file.js';
import type { EnsureDatasetFileOptions } from './ensure-dataset-file.js';
import { ZipArchive } from './zip-archive.js';

/**
 * Downloads a zip archive into the data root, extracts it there (each member via a temporary file and a
 * rename; CRC-32 checked) and deletes the archive. Skipped when `marker` (a path relative to the data
 * root) already exists, so the download happens once.
 */
export async function downloadAndExtractZip(url: string, marker: string, options: EnsureDatasetFileOptions = {}): Promise<string> {
  const root = dataRoot(options);
  if (existsSync(join(root, marker))) return root;
  const archive = join(root, url.slice(url.lastIndexOf('/') + 1));
  await downloadFile(url, archive, { onProgress: options.onProgress, fetch: options.fetch });
  const zip = ZipArchive.open(archive);
  try {
    zip.extractTo(root);
  } finally {
    zip.close();
    await rm(archive, { force: true });
  }
  return root;
}
