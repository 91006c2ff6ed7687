import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DatasetError } from '@avalanche-ts/core';
import type { DatasetFileSpec, DatasetSpec } from './dataset-catalog.js';

/** Where datasets are looked up and downloaded. */
export interface DataLocationOptions {
  /** Data root; default `AVALANCHE_DATA`, else `~/.avalanche-ts/data`. */
  readonly dataDir?: string;
  /** Also look in the repository's `../shared/data` (default true). */
  readonly useSharedData?: boolean;
}

/** The data root: the option, else the AVALANCHE_DATA variable, else ~/.avalanche-ts/data. */
export function dataRoot(options: DataLocationOptions = {}): string {
  return resolve(options.dataDir ?? process.env.AVALANCHE_DATA ?? join(homedir(), '.avalanche-ts', 'data'));
}

/**
 * The `shared/data` folder beside the repository that holds the current directory (the folder with
 * pnpm-workspace.yaml, walking up), or undefined outside such a checkout.
 */
export function sharedDataDir(start = process.cwd()): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) {
      const shared = join(dir, '..', 'shared', 'data');
      return existsSync(shared) ? shared : undefined;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The folders searched for a dataset's files, in order: data root, shared data, system folders. */
export function candidateDirs(spec: Pick<DatasetSpec, 'name' | 'systemDirs'>, options: DataLocationOptions = {}): string[] {
  const dirs = [join(dataRoot(options), spec.name)];
  const shared = options.useSharedData === false ? undefined : sharedDataDir();
  if (shared) dirs.push(join(shared, spec.name));
  dirs.push(...(spec.systemDirs ?? []));
  return dirs;
}

/** The first existing path of `file` among the candidate folders, or undefined. */
export function locateFile(spec: Pick<DatasetSpec, 'name' | 'systemDirs'>, file: DatasetFileSpec, options: DataLocationOptions = {}): string | undefined {
  for (const dir of candidateDirs(spec, options)) {
    const path = join(dir, file.file);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** The error raised offline: names the file, where it was looked for, where to put it and where to get it. */
export function missingFileError(spec: Pick<DatasetSpec, 'name' | 'systemDirs'>, file: DatasetFileSpec, options: DataLocationOptions = {}, cause?: unknown): DatasetError {
  const dirs = candidateDirs(spec, options);
  return new DatasetError(
    `${spec.name}: file ${file.file} not found (looked in ${dirs.join(', ')}). ` +
      `Download it from ${file.urls[0] ?? 'its publisher'} and put it in ${dirs[0]}, or pass download: true.`,
    { cause },
  );
}
