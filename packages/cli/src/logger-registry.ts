import { join } from 'node:path';
import type { Logger } from '@avalanche-ts/core';
import { textLogger } from '@avalanche-ts/loggers';
import { csvFileLogger, htmlReportLogger, jsonLinesFileLogger, tensorboardFileLogger, terminalLogger, type TerminalStream } from '@avalanche-ts/loggers/node';
import { z } from 'zod';
import { strictOptions } from './describe-options.js';
import type { LoggerBuildContext } from './experiment-registries.js';
import { Registry, registryEntry } from './registry.js';

export interface LoggerRegistryOptions {
  /** Where text loggers write (default process.stderr, so stdout keeps only the result tables). */
  readonly stream?: TerminalStream;
  /** Where progress bars go (default process.stderr). */
  readonly progressStream?: TerminalStream;
}

/**
 * The loggers a config can name. File loggers write inside the strategy and seed's folder of the run
 * folder (`<run>/<strategy>/seed-<n>/`), so runs never overwrite each other.
 */
export function loggerRegistry(options: LoggerRegistryOptions = {}): Registry<Logger, LoggerBuildContext> {
  const stream = options.stream ?? process.stderr;
  const progressStream = options.progressStream ?? process.stderr;
  return new Registry<Logger, LoggerBuildContext>('logger', [
    registryEntry({
      name: 'interactive',
      description: "Avalanche's InteractiveLogger: text per epoch and experience plus progress bars (stderr)",
      options: strictOptions({ intervalMs: z.number().int().positive().default(10000).describe('progress line interval when not a terminal') }),
      create: (o) => terminalLogger({ stream, progressStream, intervalMs: o.intervalMs }),
    }),
    registryEntry({
      name: 'text',
      description: "Avalanche's TextLogger: metrics at the end of each epoch and evaluated experience (stderr)",
      options: strictOptions({}),
      create: () => textLogger({ write: (line) => void stream.write(`${line}\n`) }),
    }),
    registryEntry({
      name: 'csv',
      description: "Avalanche's CSVLogger: training_results.csv and eval_results.csv",
      options: strictOptions({ logFolder: z.string().min(1).default('csvlogs').describe('inside the run\'s folder') }),
      create: (o, c) => csvFileLogger({ logFolder: join(c.dir, o.logFolder) }),
    }),
    registryEntry({
      name: 'jsonLines',
      description: 'one JSON object per metric value (metrics.jsonl), easy to filter with jq',
      options: strictOptions({ file: z.string().min(1).default('metrics.jsonl') }),
      create: (o, c) => jsonLinesFileLogger({ path: join(c.dir, o.file) }),
    }),
    registryEntry({
      name: 'tensorboard',
      description: 'TensorBoard event files (scalars, histograms, images) in tb_data/',
      options: strictOptions({ logDir: z.string().min(1).default('tb_data'), filenameSuffix: z.string().default('') }),
      create: (o, c) => tensorboardFileLogger({ logDir: join(c.dir, o.logDir), filenameSuffix: o.filenameSuffix }),
    }),
    registryEntry({
      name: 'htmlReport',
      description: 'self-contained report.html (accuracy matrix, accuracy over time, forgetting, loss) written at the end',
      options: strictOptions({ png: z.boolean().default(false).describe('also write one PNG per chart') }),
      create: (o, c) =>
        htmlReportLogger({ outDir: c.dir, title: `${c.experimentName}: ${c.strategy}, seed ${c.seed}`, config: c.config as Record<string, unknown>, png: o.png }),
    }),
  ]);
}
