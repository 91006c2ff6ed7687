import { z } from 'zod';
import { parseWithSchema } from '@avalanche-ts/core';
import { InMemoryLogger } from './in-memory-logger.js';
import { buildReportData, type ReportData } from './report-data.js';
import { runEnvironment } from './run-environment.js';
import { writeHtmlReport, type WrittenReport } from './write-html-report.js';

const optionsSchema = z
  .object({
    /** Folder of the report (created); default `./report`. */
    outDir: z.string().min(1).default('./report'),
    title: z.string().default('avalanche-ts run'),
    /** The run's configuration, shown as a table (strategy, optimizer, seed, ...). */
    config: z.record(z.unknown()).default({}),
    /** Evaluated stream to chart; default "test" when logged. */
    stream: z.string().min(1).optional(),
    /** Also write one PNG per chart (default true). */
    png: z.boolean().default(true),
  })
  .strict();

export type HtmlReportLoggerOptions = z.input<typeof optionsSchema>;

/**
 * Collects every metric value (as `InMemoryLogger`) and, on `close()`, writes the run's HTML report, its
 * data as JSON and the charts as PNG files into `outDir`.
 */
export class HtmlReportLogger extends InMemoryLogger {
  override readonly name: string = 'HtmlReportLogger';
  private readonly options: z.output<typeof optionsSchema>;
  /** Paths written by the last `close()`. */
  written: WrittenReport | undefined;

  constructor(options: HtmlReportLoggerOptions = {}) {
    super();
    this.options = parseWithSchema(optionsSchema, options, 'htmlReportLogger options');
  }

  /** The report's data for what was logged so far. */
  reportData(): ReportData {
    return buildReportData(this.records, {
      title: this.options.title,
      stream: this.options.stream,
      config: this.options.config,
      environment: runEnvironment(),
    });
  }

  async close(): Promise<void> {
    this.written = await writeHtmlReport(this.reportData(), this.options.outDir, { png: this.options.png });
  }
}

/** Creates an `HtmlReportLogger`. */
export function htmlReportLogger(options: HtmlReportLoggerOptions = {}): HtmlReportLogger {
  return new HtmlReportLogger(options);
}
