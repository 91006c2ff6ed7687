import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { z } from 'zod';
import { parseWithSchema } from '@avalanche-ts/core';
import { functionSchema } from './function-schema.js';
import { eventFileName, TensorBoardLogger } from './tensorboard-logger.js';

const optionsSchema = z
  .object({
    /** Folder of the run's event file (created); default `./tb_data` as Avalanche. */
    logDir: z.string().min(1).default('./tb_data'),
    /** Appended to the file name (Avalanche's `filename_suffix`). */
    filenameSuffix: z.string().default(''),
    /** Wall clock in seconds (injectable for reproducible files). */
    now: functionSchema<() => number>().optional(),
    histogramBuckets: z.number().int().positive().optional(),
    cellSize: z.number().int().positive().optional(),
  })
  .strict();

export type TensorBoardFileLoggerOptions = z.input<typeof optionsSchema>;

/** A `TensorBoardLogger` appending to `<logDir>/events.out.tfevents.<time>.<host><suffix>`. */
export class TensorBoardFileLogger extends TensorBoardLogger {
  override readonly name: string = 'TensorBoardFileLogger';
  /** Path of the event file. */
  readonly path: string;
  private fd: number | undefined;

  constructor(options: TensorBoardFileLoggerOptions = {}) {
    const parsed = parseWithSchema(optionsSchema, options, 'tensorboardFileLogger options');
    const now = parsed.now ?? (() => Date.now() / 1000);
    mkdirSync(parsed.logDir, { recursive: true });
    const path = join(parsed.logDir, eventFileName(now(), hostname(), parsed.filenameSuffix));
    const fd = openSync(path, 'a');
    super({
      // Each record goes straight to the file (no buffering), so TensorBoard sees values while training runs.
      write: (bytes) => writeSync(fd, bytes),
      now,
      deflate: (bytes) => new Uint8Array(deflateSync(bytes)),
      histogramBuckets: parsed.histogramBuckets,
      cellSize: parsed.cellSize,
    });
    this.path = path;
    this.fd = fd;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Creates a `TensorBoardFileLogger` (`tensorboard --logdir <logDir>` reads it). */
export function tensorboardFileLogger(options: TensorBoardFileLoggerOptions = {}): TensorBoardFileLogger {
  return new TensorBoardFileLogger(options);
}
