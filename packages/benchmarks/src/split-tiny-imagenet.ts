import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from '@avalanche-ts/core';
import { buildSplitBenchmark, parseSplitOptions, type SplitOptions } from './build-split-benchmark.js';
import { NORMALIZATION } from './dataset-catalog.js';
import { candidateDirs, dataRoot } from './data-root.js';
import { downloadAndExtractZip } from './download-archive.js';
import type { EnsureDatasetFileOptions } from './ensure-dataset-file.js';
import { imageFilesDataset, type ImageEntry } from './image-files-dataset.js';
import type { TrainTestSets } from './load-mnist.js';
import type { NcScenario } from './nc-benchmark.js';
import { normalize } from './normalize.js';
import { randomHorizontalFlip } from './random-horizontal-flip.js';

/** Where Tiny ImageNet is published (a zip: extract it into the data root). */
export const TINY_IMAGENET_URL = 'http://cs231n.stanford.edu/tiny-imagenet-200.zip';

/** Options of {@link loadTinyImageNet}. */
export interface LoadTinyImageNetOptions extends EnsureDatasetFileOptions {
  /** The extracted `tiny-imagenet-200` folder; default `<data root>/tiny-imagenet-200`. */
  readonly dir?: string;
  /** Decode images when batches need them (default true: the train set is 1.2 GB as bytes). */
  readonly lazy?: boolean;
}

/**
 * Tiny ImageNet (200 classes, 64x64 RGB) from its extracted folder: classes in `wnids.txt` order,
 * train images under `train/<wnid>/images/`, the labelled `val` split (val_annotations.txt) as test set.
 * With `download: true` the zip is fetched and extracted into the data root first (once).
 */
export async function loadTinyImageNet(options: LoadTinyImageNetOptions = {}): Promise<TrainTestSets & { classNames: readonly string[] }> {
  if (options.download && !options.dir) await downloadAndExtractZip(TINY_IMAGENET_URL, 'tiny-imagenet-200/wnids.txt', options);
  const dir = options.dir ?? candidateDirs({ name: 'tiny-imagenet-200' }, options).find((d) => existsSync(join(d, 'wnids.txt')));
  if (!dir || !existsSync(join(dir, 'wnids.txt'))) {
    throw new DatasetError(
      `tiny-imagenet-200: wnids.txt not found (looked in ${options.dir ?? candidateDirs({ name: 'tiny-imagenet-200' }, options).join(', ')}). ` +
        `Download ${TINY_IMAGENET_URL} and extract it into ${dataRoot(options)}, or pass dir.`,
    );
  }
  const wnids = readFileSync(join(dir, 'wnids.txt'), 'utf8').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const labelOf = new Map(wnids.map((w, i) => [w, i]));
  const train: ImageEntry[] = [];
  wnids.forEach((wnid, label) => {
    const imgDir = join(dir, 'train', wnid, 'images');
    if (!existsSync(imgDir)) throw new DatasetError(`${imgDir}: missing train folder of class ${wnid}`);
    for (const f of readdirSync(imgDir).sort()) if (/\.(jpe?g|png)$/i.test(f)) train.push({ path: join(imgDir, f), label });
  });
  const annotations = join(dir, 'val', 'val_annotations.txt');
  if (!existsSync(annotations)) throw new DatasetError(`${annotations}: missing (needed for the test set)`);
  const test: ImageEntry[] = readFileSync(annotations, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((line, i) => {
      const [file, wnid] = line.split('\t');
      const label = labelOf.get(wnid);
      if (label === undefined) throw new DatasetError(`${annotations}:${i + 1}: unknown class "${wnid}"`);
      return { path: join(dir, 'val', 'images', file), label };
    });
  const lazy = options.lazy ?? true;
  return { train: imageFilesDataset(train, { lazy }), test: imageFilesDataset(test, { lazy }), dataName: 'Tiny ImageNet', classNames: wnids };
}

/** Options of {@link splitTinyImageNet}. */
export type SplitTinyImageNetOptions = SplitOptions & LoadTinyImageNetOptions;

/**
 * SplitTinyImageNet (Avalanche's `SplitTinyImageNet`): 200 classes over `nExperiences` (default 10),
 * seed 0 by default. Train: RandomHorizontalFlip then Normalize with CIFAR-10's statistics (as Avalanche
 * does); eval: Normalize.
 */
export async function splitTinyImageNet(options: SplitTinyImageNetOptions = {}): Promise<NcScenario> {
  const opts = parseSplitOptions(options, 'splitTinyImageNetOptions');
  const sets = await loadTinyImageNet(options);
  const stats = NORMALIZATION.cifar10;
  return buildSplitBenchmark(sets.train, sets.test, opts, {
    nExperiences: 10,
    trainTransform: [randomHorizontalFlip(), normalize(stats.mean, stats.std)],
    evalTransform: [normalize(stats.mean, stats.std)],
    name: `SplitTinyImageNet (${sets.dataName})`,
    description: `SplitTinyImageNet: ${sets.train.length} train / ${sets.test.length} val images`,
  });
}
