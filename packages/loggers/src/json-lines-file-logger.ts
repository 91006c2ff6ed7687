import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { parseWithSchema } from '@avalanche-ts/core';
import { functionSchema } from './function-schema.js';
import { JsonLinesLogger } from './json-lines-logger.js';

const optionsSchema = z
  .object({
    /** File to write (its folder is created); default `metrics.jsonl`. */
    path: z.string().min(1).default('metrics.jsonl'),
    /** Append to an existing file instead of truncating it (a resumed run). */
    append: z.boolean().default(false),
    now: functionSchema<() => number>().optional(),
  })
  .strict();

export type JsonLinesFileLoggerOptions = z.input<typeof optionsSchema>;

/** A `JsonLinesLogger` writing one line per metric value to a file, each line written at once. */
export class JsonLinesFileLogger extends JsonLinesLogger {
  override readonly name: string = 'JsonLinesFileLogger';
  readonly path: string;
  /** The open descriptor; cleared by close(), after which writes are dropped. */
  private readonly file: { fd: number | undefined };

  constructor(options: JsonLinesFileLoggerOptions = {}) {
    const parsed = parseWithSchema(optionsSchema, options, 'jsonLinesFileLogger options');
    mkdirSync(dirname(parsed.path), { recursive: true });
    const file = { fd: openSync(parsed.path, parsed.append ? 'a' : 'w') as number | undefined };
    super({
      write: (line) => {
        if (file.fd !== undefined) writeSync(file.fd, `${line}\n`);
      },
      now: parsed.now,
    });
    this.path = parsed.path;
    this.file = file;
  }

  close(): void {
    if (this.file.fd !== undefined) closeSync(this.file.fd);
    this.file.fd = undefined;
  }
}

/** Creates a `JsonLinesFileLogger`. */
export function jsonLinesFileLogger(options: JsonLinesFileLoggerOptions = {}): JsonLinesFileLogger {
  return new JsonLinesFileLogger(options);
}
