import { z } from 'zod';
import { parseWithSchema, type Logger, type MetricValue } from '@avalanche-ts/core';
import { expandMetricValues, isMatrix } from './format-metric-data.js';
import { functionSchema } from './function-schema.js';
import { heatmapImage } from './heatmap-image.js';
import { histogramOf } from './histogram-of.js';
import { encodePng, type ZlibDeflate } from './encode-png.js';
import { encodeEvent, type SummaryValueData } from './encode-event.js';
import { encodeTfRecord } from './encode-tf-record.js';

const optionsSchema = z
  .object({
    write: functionSchema<(bytes: Uint8Array) => void>(),
    now: functionSchema<() => number>().optional(),
    deflate: functionSchema<ZlibDeflate>().optional(),
    histogramBuckets: z.number().int().positive().optional(),
    cellSize: z.number().int().positive().max(256).optional(),
  })
  .strict();

export interface TensorBoardLoggerOptions {
  /** Appends bytes to the event file; `tensorboardFileLogger` in `./node` writes `events.out.tfevents.*`. */
  readonly write: (bytes: Uint8Array) => void;
  /** Wall clock in seconds; default `Date.now() / 1000`. */
  readonly now?: () => number;
  /** zlib compressor for PNG images (Node's `zlib.deflateSync`); default stored blocks. */
  readonly deflate?: ZlibDeflate;
  /** Buckets of histograms (default 30). */
  readonly histogramBuckets?: number;
  /** Pixels per cell of matrix images (default 24). */
  readonly cellSize?: number;
}

/**
 * Avalanche's `TensorboardLogger`: one Event per metric value at step `xPlot`, tagged with the metric's
 * full name. Numbers become scalars (`simple_value`), vectors histograms, matrices (accuracy or confusion
 * matrices) PNG heatmaps. The stream starts with the `brain.Event:2` version event TensorBoard requires;
 * every Event is framed as a TFRecord with masked CRC32C.
 */
export class TensorBoardLogger implements Logger {
  readonly name: string = 'TensorBoardLogger';
  private readonly options: TensorBoardLoggerOptions;
  private readonly now: () => number;

  constructor(options: TensorBoardLoggerOptions) {
    this.options = parseWithSchema(optionsSchema, options, `${new.target.name} options`);
    this.now = options.now ?? (() => Date.now() / 1000);
    this.options.write(encodeTfRecord(encodeEvent({ wallTime: this.now(), step: 0, fileVersion: 'brain.Event:2' })));
  }

  logMetrics(values: readonly MetricValue[]): void {
    for (const value of expandMetricValues(values)) {
      const summary = this.summaryValue(value);
      const event = encodeEvent({ wallTime: this.now(), step: value.xPlot, summary: { value: [summary] } });
      this.options.write(encodeTfRecord(event));
    }
  }

  private summaryValue(value: MetricValue): SummaryValueData {
    const data = value.value;
    if (typeof data === 'number') return { tag: value.name, simpleValue: data };
    if (isMatrix(data)) {
      const image = heatmapImage(data, { cellSize: this.options.cellSize });
      return {
        tag: value.name,
        image: { height: image.height, width: image.width, colorspace: 4, encodedImageString: encodePng(image, this.options.deflate) },
      };
    }
    return { tag: value.name, histo: histogramOf(data as readonly number[], this.options.histogramBuckets) };
  }
}

/** Creates a `TensorBoardLogger`. */
export function tensorboardLogger(options: TensorBoardLoggerOptions): TensorBoardLogger {
  return new TensorBoardLogger(options);
}

/** TensorBoard's file name: `events.out.tfevents.<seconds>.<host><suffix>`. */
export function eventFileName(seconds: number, host: string, suffix = ''): string {
  return `events.out.tfevents.${Math.floor(seconds)}.${host}${suffix}`;
}
