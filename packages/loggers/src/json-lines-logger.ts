import { z } from 'zod';
import { parseWithSchema, type Logger, type MetricValue } from '@avalanche-ts/core';
import { expandMetricValues } from './format-metric-data.js';
import { functionSchema } from './function-schema.js';
import { parseMetricName } from './metric-name.js';

const optionsSchema = z
  .object({ write: functionSchema<(line: string) => void>(), now: functionSchema<() => number>().optional() })
  .strict();

export interface JsonLinesLoggerOptions {
  /** Receives one JSON document per line (no newline); `jsonLinesFileLogger` in `./node` appends to a file. */
  readonly write: (line: string) => void;
  /** Wall clock in seconds, stored as `time`; default `Date.now() / 1000`. Injectable for reproducible files. */
  readonly now?: () => number;
}

/**
 * One JSON object per metric value: `{"time", "name", "value", "x", "origin"}` plus the name's parts
 * (`metric`, `phase`, `stream`, `task`, `exp`) so the file can be filtered with `jq` without parsing names.
 * Non-finite numbers become strings ("NaN", "Infinity"), which JSON cannot hold.
 */
export class JsonLinesLogger implements Logger {
  readonly name: string = 'JsonLinesLogger';
  private readonly write: (line: string) => void;
  private readonly now: () => number;

  constructor(options: JsonLinesLoggerOptions) {
    const parsed = parseWithSchema(optionsSchema, options, `${new.target.name} options`);
    this.write = parsed.write;
    this.now = parsed.now ?? (() => Date.now() / 1000);
  }

  logMetrics(values: readonly MetricValue[]): void {
    const time = this.now();
    for (const value of expandMetricValues(values)) {
      const record = { time, name: value.name, value: value.value, x: value.xPlot, origin: value.origin, ...parseMetricName(value.name) };
      this.write(JSON.stringify(record, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
    }
  }
}

/** Creates a `JsonLinesLogger`. */
export function jsonLinesLogger(options: JsonLinesLoggerOptions): JsonLinesLogger {
  return new JsonLinesLogger(options);
}
