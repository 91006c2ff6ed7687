import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError, ListStream, createScenario, parseWithSchema, type Experience, type Scenario } from '@avalanche-ts/core';
import { z } from 'zod';
import { ArrayDataset } from './array-dataset.js';
import { classesTimeline } from './classes-timeline.js';
import { NORMALIZATION } from './dataset-catalog.js';
import { candidateDirs, dataRoot } from './data-root.js';
import { downloadAndExtractZip } from './download-archive.js';
import type { EnsureDatasetFileOptions } from './ensure-dataset-file.js';
import { imageFilesDataset } from './image-files-dataset.js';
import { readFilelist } from './image-folder-dataset.js';
import { makeExperience } from './make-experience.js';
import { normalize } from './normalize.js';
import { randomHorizontalFlip } from './random-horizontal-flip.js';

/** CORe50's scenarios: number of training experiences and the folder of their file lists. */
export const CORE50_SCENARIOS = {
  ni: { experiences: 8, lists: 'batches_filelists/NI_inc' },
  nc: { experiences: 9, lists: 'batches_filelists/NC_inc' },
  nic: { experiences: 79, lists: 'batches_filelists/NIC_inc' },
  nicv2_79: { experiences: 79, lists: 'NIC_v2_79' },
  nicv2_196: { experiences: 196, lists: 'NIC_v2_196' },
  nicv2_391: { experiences: 391, lists: 'NIC_v2_391' },
} as const;

/** Where CORe50 is published (zips: extract them into `<data root>/core50`). */
export const CORE50_URLS = {
  images128: 'http://bias.csr.unibo.it/maltoni/download/core50/core50_128x128.zip',
  images32: 'http://bias.csr.unibo.it/maltoni/download/core50/core50_32x32.zip',
  filelists: 'https://vlomonaco.github.io/core50/data/batches_filelists.zip',
  filelistsNicV2: 'https://vlomonaco.github.io/core50/data/batches_filelists_NICv2.zip',
} as const;

const schema = z
  .object({
    scenario: z.enum(Object.keys(CORE50_SCENARIOS) as [keyof typeof CORE50_SCENARIOS]).default('nicv2_391'),
    run: z.number().int().min(0).max(9).default(0),
    objectLvl: z.boolean().default(true),
    mini: z.boolean().default(false),
    dir: z.string().optional(),
    dataDir: z.string().optional(),
    useSharedData: z.boolean().optional(),
    lazy: z.boolean().default(true),
    download: z.boolean().default(false),
    onProgress: z.function().optional(),
    fetch: z.function().optional(),
  })
  .strict();

/** Options of {@link core50}. */
export type Core50Options = Omit<z.input<typeof schema>, 'onProgress' | 'fetch'> & EnsureDatasetFileOptions;

/**
 * CORe50 (Lomonaco & Maltoni, 2017; Avalanche's `CORe50`) from a local copy: `scenario` picks the
 * protocol (ni 8, nc 9, nic 79, nicv2_79/196/391 experiences), `run` one of the 10 orderings. Labels
 * are the 50 objects, or the 10 categories (object // 5) with `objectLvl: false`; `mini` reads the
 * 32x32 images instead of 128x128. One test experience with the whole test list. Train:
 * RandomHorizontalFlip then Normalize(ImageNet); eval: Normalize(ImageNet). Images are decoded when
 * batches need them unless `lazy: false`. `download: true` fetches and extracts the images and the file
 * lists into `<data root>/core50` first (once).
 */
export async function core50(options: Core50Options = {}): Promise<Scenario<Experience<ArrayDataset>>> {
  const opts = parseWithSchema(schema, options, 'core50Options');
  if (opts.download && !opts.dir) {
    const into = { ...options, dataDir: join(dataRoot(options), 'core50') };
    const images = opts.mini ? 'core50_32x32' : 'core50_128x128';
    await downloadAndExtractZip(opts.mini ? CORE50_URLS.images32 : CORE50_URLS.images128, images, into);
    const v2 = opts.scenario.startsWith('nicv2');
    await downloadAndExtractZip(v2 ? CORE50_URLS.filelistsNicV2 : CORE50_URLS.filelists, CORE50_SCENARIOS[opts.scenario].lists, into);
  }
  const root = opts.dir ?? candidateDirs({ name: 'core50' }, opts).find((d) => existsSync(d));
  const spec = CORE50_SCENARIOS[opts.scenario];
  const imagesDir = root && join(root, opts.mini ? 'core50_32x32' : 'core50_128x128');
  const listsDir = root && join(root, spec.lists, `run${opts.run}`);
  if (!root || !imagesDir || !existsSync(imagesDir) || !listsDir || !existsSync(listsDir)) {
    throw new DatasetError(
      `core50: ${imagesDir && !existsSync(imagesDir) ? imagesDir : (listsDir ?? `${dataRoot(opts)}/core50`)} not found. ` +
        `Download ${opts.mini ? CORE50_URLS.images32 : CORE50_URLS.images128} and ${CORE50_URLS.filelists} and extract them into ${root ?? join(dataRoot(opts), 'core50')}, or pass dir.`,
    );
  }
  const stats = NORMALIZATION.imagenet;
  const load = (file: string, mode: 'train' | 'eval') => {
    const entries = readFilelist(join(listsDir, file), imagesDir).map((e) => ({ path: e.path, label: opts.objectLvl ? e.label : Math.floor(e.label / 5) }));
    const ds = imageFilesDataset(entries, {
      lazy: opts.lazy,
      transformGroups: { train: [randomHorizontalFlip(), normalize(stats.mean, stats.std)], eval: [normalize(stats.mean, stats.std)] },
    });
    return mode === 'train' ? ds.train() : ds.eval();
  };
  const trainSets = Array.from({ length: spec.experiences }, (_, i) => `train_batch_${String(i).padStart(2, '0')}_filelist.txt`);
  // The timeline needs every experience's classes up front; reading the lists is cheap (no images).
  const classesPerExp = trainSets.map((f) => [...new Set(readFilelist(join(listsDir, f), imagesDir).map((e) => (opts.objectLvl ? e.label : Math.floor(e.label / 5))))]);
  const timeline = classesTimeline(classesPerExp);
  const nClasses = opts.objectLvl ? 50 : 10;
  const name = `CORe50 (${opts.scenario}, run ${opts.run}${opts.mini ? ', 32x32' : ''})`;
  const train = new ListStream<Experience<ArrayDataset>>('train', spec.experiences, (i) =>
    makeExperience({ dataset: load(trainSets[i], 'train'), streamName: 'train', currentExperience: i, timeline: timeline[i] }),
  );
  const test = new ListStream<Experience<ArrayDataset>>('test', 1, () => makeExperience({ dataset: load('test_filelist.txt', 'eval'), streamName: 'test', currentExperience: 0 }));
  return createScenario({ name, description: `${name}: ${spec.experiences} training experiences, ${nClasses} classes`, streams: { train, test }, nClasses });
}
