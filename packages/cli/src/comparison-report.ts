import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ExperimentConfig } from './experiment-config.js';
import { describeConfig, TABLE_NOTE } from './execute-experiment.js';
import { aggregateResults, formatSummary } from './results-table.js';
import type { StrategyRun } from './run-experiment.js';
import { writeFileAtomic } from './run-folder.js';
import { FINAL_ACCURACY_METRIC } from './run-experiment.js';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Stream accuracy after each training experience, read from a run's metric history (one value per evaluation). */
export function accuracyCurve(run: StrategyRun): number[] {
  const key = Object.keys(run.allMetrics)
    .filter((k) => k === FINAL_ACCURACY_METRIC || k.startsWith(`${FINAL_ACCURACY_METRIC}/`))
    .sort()
    .pop();
  return key === undefined ? [] : run.allMetrics[key].values.filter((v): v is number => typeof v === 'number');
}

/** A small inline SVG line chart of the stream accuracy after each experience, one line per run. */
export function accuracySvg(series: ReadonlyArray<{ label: string; values: readonly number[] }>): string {
  const width = 520;
  const height = 260;
  const pad = { left: 44, right: 130, top: 14, bottom: 34 };
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const x = (i: number) => pad.left + (n === 1 ? 0 : (i / (n - 1)) * (width - pad.left - pad.right));
  const y = (v: number) => pad.top + (1 - v) * (height - pad.top - pad.bottom);
  const colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((v) => `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${pad.left - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(2)}</text>`)
    .join('');
  const ticks = Array.from({ length: n }, (_, i) => `<text x="${x(i)}" y="${height - pad.bottom + 16}" text-anchor="middle">${i}</text>`).join('');
  const lines = series
    .map((s, k) => {
      const color = colors[k % colors.length];
      const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      const legend = `<rect x="${width - pad.right + 10}" y="${pad.top + k * 18}" width="10" height="10" fill="${color}"/><text x="${width - pad.right + 24}" y="${pad.top + k * 18 + 9}">${escapeHtml(s.label)}</text>`;
      return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>${legend}`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">` +
    `${grid}${ticks}<text x="${(pad.left + width - pad.right) / 2}" y="${height - 4}" text-anchor="middle">after training experience</text>${lines}</svg>`
  );
}

/**
 * Writes `report.html` in the run folder: the comparison table (mean ± std over seeds), the test-stream
 * accuracy after each experience for every strategy and seed, the experiment, and links to each run's own
 * HTML report when its logger wrote one. Self-contained (no scripts, no network).
 */
export function writeComparisonReport(runDir: string, config: ExperimentConfig, runs: readonly StrategyRun[]): string {
  const rows = aggregateResults(runs.map((r) => r.result))
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.strategy)}</td><td>${row.seeds.join(', ')}</td><td>${formatSummary(row.finalAccuracy, 4)}</td><td>${formatSummary(row.forgetting, 4)}</td><td>${formatSummary(row.seconds, 1)}</td></tr>`,
    )
    .join('\n');
  const series = runs.map((r) => ({ label: config.seeds.length > 1 ? `${r.result.strategy} (seed ${r.result.seed})` : r.result.strategy, values: accuracyCurve(r) }));
  const links = runs
    .map((r) => {
      const report = join(r.dir, 'report.html');
      const rel = relative(runDir, r.dir);
      return existsSync(report)
        ? `<li><a href="${escapeHtml(join(rel, 'report.html'))}">${escapeHtml(r.result.strategy)}, seed ${r.result.seed}</a></li>`
        : `<li>${escapeHtml(r.result.strategy)}, seed ${r.result.seed}: <a href="${escapeHtml(join(rel, 'metrics.json'))}">metrics.json</a></li>`;
    })
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(config.name)}</title>
<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td:first-child,th:first-child{text-align:left}.note{color:#555;font-size:90%}.config{overflow-wrap:anywhere;font-size:90%}</style>
</head><body>
<h1>${escapeHtml(config.name)}</h1>
${config.description ? `<p>${escapeHtml(config.description)}</p>` : ''}
<p class="config">${escapeHtml(describeConfig(config))}</p>
<h2>Comparison</h2>
<table><thead><tr><th>strategy</th><th>seeds</th><th>final accuracy</th><th>forgetting</th><th>time (s)</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p class="note">${escapeHtml(TABLE_NOTE)}</p>
<h2>Test-stream accuracy after each experience</h2>
${accuracySvg(series)}
<h2>Runs</h2>
<ul>
${links}
</ul>
<p class="note">Resolved config: <a href="config.json">config.json</a> (rerun it with <code>avalanche-ts run config.json</code>); environment: <a href="run.json">run.json</a>.</p>
</body></html>
`;
  const file = join(runDir, 'report.html');
  writeFileAtomic(file, html);
  return file;
}
