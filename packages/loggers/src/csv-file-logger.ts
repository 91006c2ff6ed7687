import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseWithSchema } from '@avalanche-ts/core';
import { CsvLogger, type CsvFileName } from './csv-logger.js';

const optionsSchema = z.object({ logFolder: z.string().min(1).default('csvlogs') }).strict();

export type CsvFileLoggerOptions = z.input<typeof optionsSchema>;

/**
 * A `CsvLogger` writing `<logFolder>/training_results.csv` and `<logFolder>/eval_results.csv` (default
 * folder `csvlogs`, as Avalanche). Files are truncated at start and every row is written at once, so a
 * crashed run keeps its rows.
 */
export class CsvFileLogger extends CsvLogger {
  override readonly name: string = 'CsvFileLogger';
  readonly paths: Readonly<Record<CsvFileName, string>>;
  /** Open descriptors; emptied by close(), after which writes are dropped (never sent to a reused fd). */
  private readonly fds: Partial<Record<CsvFileName, number>>;

  constructor(options: CsvFileLoggerOptions = {}) {
    const { logFolder } = parseWithSchema(optionsSchema, options, 'csvFileLogger options');
    mkdirSync(logFolder, { recursive: true });
    const paths = { 'training_results.csv': join(logFolder, 'training_results.csv'), 'eval_results.csv': join(logFolder, 'eval_results.csv') };
    const fds: Partial<Record<CsvFileName, number>> = {
      'training_results.csv': openSync(paths['training_results.csv'], 'w'),
      'eval_results.csv': openSync(paths['eval_results.csv'], 'w'),
    };
    super({
      write: (file, line) => {
        const fd = fds[file];
        if (fd !== undefined) writeSync(fd, `${line}\n`);
      },
    });
    this.paths = paths;
    this.fds = fds;
  }

  close(): void {
    for (const key of Object.keys(this.fds) as CsvFileName[]) {
      closeSync(this.fds[key]!);
      delete this.fds[key];
    }
  }
}

/** Creates a `CsvFileLogger`. */
export function csvFileLogger(options: CsvFileLoggerOptions = {}): CsvFileLogger {
  return new CsvFileLogger(options);
}
