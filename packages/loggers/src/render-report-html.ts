import { reportCharts } from './report-charts.js';
import type { ReportData } from './report-data.js';

/** The JavaScript of vega and vega-lite (their UMD builds), inlined so the report needs no network. */
export interface ReportScripts {
  readonly vega: string;
  readonly vegaLite: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
// Inline scripts end at the first `</script`; JSON and library code must not contain it.
const inlineScript = (code: string) => code.replace(/<\/(script)/gi, '<\\/$1');
const inlineJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function table(rows: readonly (readonly string[])[], header?: readonly string[]): string {
  const head = header ? `<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>` : '';
  return `<table>${head}<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function configRows(config: Readonly<Record<string, unknown>>): string[][] {
  return Object.keys(config).map((key) => {
    const value = config[key];
    return [key, typeof value === 'string' ? value : JSON.stringify(value)];
  });
}

/**
 * One self-contained HTML page: the run's charts (vega-lite, compiled and rendered to SVG in the page by
 * the inlined libraries), the accuracy matrix as a table, the configuration and the environment. When
 * every chart has rendered, `document.body.dataset.charts` holds their count; failures print to the
 * console and into the page.
 */
export function renderReportHtml(data: ReportData, scripts: ReportScripts): string {
  const charts = reportCharts(data);
  const m = data.accuracyMatrix;
  const matrixTable =
    m.rows.length === 0
      ? '<p>No evaluation after training was logged.</p>'
      : table(
          m.rows.map((row, i) => [`after exp ${row}`, ...m.values[i].map((v) => (v === null ? '-' : v.toFixed(4)))]),
          ['trained up to', ...m.cols.map((c) => `exp ${c}`)],
        );
  const chartDivs = charts
    .map((c) => `<section class="chart"><h2>${escapeHtml(c.title)}</h2><div id="chart-${c.id}"></div></section>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(data.title)}</title>
<style>
body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 24px; color: #222; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.chart { border: 1px solid #ddd; padding: 8px 12px; }
h2 { font-size: 15px; margin: 4px 0; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
.error { color: #b00; white-space: pre-wrap; }
</style>
</head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<p>Evaluated stream: <b>${escapeHtml(data.stream)}</b> &middot; created ${escapeHtml(data.createdAt)}</p>
<div class="charts">
${chartDivs}
</div>
<h2>Accuracy matrix</h2>
${matrixTable}
<h2>Configuration</h2>
${table(configRows(data.config), ['option', 'value'])}
<h2>Environment</h2>
${table(configRows(data.environment), ['', ''])}
<div id="errors" class="error"></div>
<script>${inlineScript(scripts.vega)}</script>
<script>${inlineScript(scripts.vegaLite)}</script>
<script>
(async () => {
  const charts = ${inlineJson(charts.map((c) => ({ id: c.id, spec: c.spec })))};
  let rendered = 0;
  for (const chart of charts) {
    try {
      const compiled = vegaLite.compile(chart.spec).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: 'svg', container: '#chart-' + chart.id, hover: true });
      await view.runAsync();
      rendered++;
    } catch (error) {
      console.error('chart ' + chart.id + ' failed:', error);
      document.getElementById('errors').textContent += 'chart ' + chart.id + ' failed: ' + error + '\\n';
    }
  }
  document.body.dataset.charts = String(rendered);
})();
</script>
</body>
</html>
`;
}
