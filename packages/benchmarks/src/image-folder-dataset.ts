import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DatasetError } from '@avalanche-ts/core';
import type { ArrayDataset } from './array-dataset.js';
import { imageFilesDataset, type ImageEntry, type ImageFilesOptions } from './image-files-dataset.js';

const IMAGE_EXT = /\.(png|jpe?g)$/i;

/** A dataset with the class name of every label id. */
export interface NamedClassesDataset {
  readonly dataset: ArrayDataset;
  /** classNames[label] is the folder (class) name. */
  readonly classNames: readonly string[];
}

/**
 * Images in a folder tree `root/<class>/.../<image>.png|jpg` (torchvision's ImageFolder): classes are
 * the sub-folder names sorted alphabetically, numbered from 0; files are listed in sorted order.
 */
export function imageFolderDataset(root: string, options: Omit<ImageFilesOptions, 'root'> = {}): NamedClassesDataset {
  let classNames: string[];
  try {
    classNames = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory()).sort();
  } catch (err) {
    throw new DatasetError(`${root}: cannot list image folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  if (classNames.length === 0) throw new DatasetError(`${root}: no class sub-folders found`);
  const entries: ImageEntry[] = [];
  classNames.forEach((name, label) => {
    for (const file of walk(join(root, name))) entries.push({ path: file, label });
  });
  if (entries.length === 0) throw new DatasetError(`${root}: no PNG or JPEG images in the class folders`);
  return { dataset: imageFilesDataset(entries, options), classNames };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (IMAGE_EXT.test(name)) out.push(path);
  }
  return out;
}

/**
 * Entries of a Caffe-style file list: one "relative/path label" per line (blank lines ignored), paths
 * resolved against `root` (default: the list's folder). A malformed line raises a DatasetError naming
 * the file and line.
 */
export function readFilelist(listPath: string, root?: string): ImageEntry[] {
  let text: string;
  try {
    text = readFileSync(listPath, 'utf8');
  } catch (err) {
    throw new DatasetError(`${listPath}: cannot read file list (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  const base = resolve(root ?? dirname(listPath));
  const entries: ImageEntry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    const m = /^(.*\S)\s+(-?\d+)$/.exec(trimmed);
    if (!m) throw new DatasetError(`${listPath}:${i + 1}: expected "path label", got "${trimmed}"`);
    entries.push({ path: resolve(base, m[1]), label: Number(m[2]) });
  });
  return entries;
}

/** A dataset from a Caffe-style "path label" file list (see {@link readFilelist}). */
export function filelistDataset(listPath: string, options: ImageFilesOptions = {}): ArrayDataset {
  const { root, ...rest } = options;
  return imageFilesDataset(readFilelist(listPath, root), rest);
}
