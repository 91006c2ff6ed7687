import { join } from 'node:path';
import type { Experience, Scenario } from '@avalanche-ts/core';
import type { ArrayDataset } from './array-dataset.js';
import { datasetBenchmark, type DatasetBenchmarkOptions } from './dataset-benchmark.js';
import { imageFilesDataset, type ImageEntry, type ImageFilesOptions } from './image-files-dataset.js';
import { filelistDataset } from './image-folder-dataset.js';

/** Options of {@link filelistBenchmark} and {@link pathsBenchmark}. */
export interface FilesBenchmarkOptions extends Omit<DatasetBenchmarkOptions, 'otherStreams'>, Pick<ImageFilesOptions, 'channels' | 'lazy'> {}

/**
 * A benchmark from Caffe-style file lists (Avalanche's `filelist_benchmark`): one list per train
 * experience and per test experience, paths relative to `root`.
 */
export function filelistBenchmark(
  root: string,
  trainFileLists: readonly string[],
  testFileLists: readonly string[],
  options: FilesBenchmarkOptions = {},
): Scenario<Experience<ArrayDataset>> {
  const { channels, lazy, ...rest } = options;
  const load = (list: string) => filelistDataset(list.startsWith('/') ? list : join(root, list), { root, channels, lazy });
  return datasetBenchmark(trainFileLists.map(load), testFileLists.map(load), { name: 'filelistBenchmark', ...rest });
}

/**
 * A benchmark from lists of (path, label) entries (Avalanche's `paths_benchmark`): one list per
 * train experience and per test experience.
 */
export function pathsBenchmark(
  trainLists: readonly (readonly ImageEntry[])[],
  testLists: readonly (readonly ImageEntry[])[],
  options: FilesBenchmarkOptions & { root?: string } = {},
): Scenario<Experience<ArrayDataset>> {
  const { channels, lazy, root, ...rest } = options;
  const load = (entries: readonly ImageEntry[]) => imageFilesDataset(entries, { channels, lazy, root });
  return datasetBenchmark(trainLists.map(load), testLists.map(load), { name: 'pathsBenchmark', ...rest });
}
