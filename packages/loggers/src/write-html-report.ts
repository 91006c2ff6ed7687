import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportCharts } from './report-charts.js';
import type { ReportData } from './report-data.js';
import { renderReportHtml } from './render-report-html.js';
import { renderChartPng, vegaScripts } from './render-chart-png.js';

export interface WrittenReport {
  /** The self-contained HTML file. */
  readonly html: string;
  /** One PNG per chart, by chart id. */
  readonly pngs: Readonly<Record<string, string>>;
  /** The report data as JSON (to re-render or compare runs). */
  readonly json: string;
}

/**
 * Writes `report.html` (vega and vega-lite inlined, no network needed), `report.json` and, unless
 * `png: false`, one PNG per chart (`accuracy-matrix.png`, `accuracy-over-time.png`, `forgetting.png`,
 * `loss.png`) into `outDir`.
 */
export async function writeHtmlReport(data: ReportData, outDir: string, options: { png?: boolean } = {}): Promise<WrittenReport> {
  mkdirSync(outDir, { recursive: true });
  const html = join(outDir, 'report.html');
  writeFileSync(html, renderReportHtml(data, vegaScripts()));
  const json = join(outDir, 'report.json');
  writeFileSync(json, `${JSON.stringify(data, null, 2)}\n`);
  const pngs: Record<string, string> = {};
  if (options.png !== false) {
    for (const chart of reportCharts(data)) {
      const path = join(outDir, `${chart.id}.png`);
      writeFileSync(path, await renderChartPng(chart.spec));
      pngs[chart.id] = path;
    }
  }
  return { html, pngs, json };
}
