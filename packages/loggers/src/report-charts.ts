import type { ReportData, ReportPoint } from './report-data.js';

/** A vega-lite specification (plain JSON). */
export type VegaLiteSpec = Record<string, unknown>;

export interface ReportChart {
  /** File-name-safe id (`accuracy-matrix` gives `accuracy-matrix.png`). */
  readonly id: string;
  readonly title: string;
  readonly spec: VegaLiteSpec;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 380;
const HEIGHT = 240;
// Fonts every target has: resvg finds DejaVu/Liberation on Linux, browsers map sans-serif.
const CONFIG = { font: 'DejaVu Sans, Liberation Sans, Arial, sans-serif', background: 'white' };

function lineChart(title: string, points: readonly ReportPoint[], yTitle: string, yDomain?: readonly [number, number]): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values: points.map((p) => ({ ...p })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'training iteration' },
      y: { field: 'value', type: 'quantitative', title: yTitle, ...(yDomain ? { scale: { domain: [...yDomain] } } : {}) },
      color: { field: 'series', type: 'nominal', title: null },
      tooltip: [{ field: 'series' }, { field: 'x' }, { field: 'value', format: '.4f' }],
    },
  };
}

/**
 * The report's four charts as vega-lite specs: the accuracy-matrix heatmap (row: after training experience
 * i, column: evaluated experience j, cell: accuracy), accuracy of each experience over time, forgetting
 * and loss curves. The same specs render in the HTML report and to PNG.
 */
export function reportCharts(data: ReportData): ReportChart[] {
  const m = data.accuracyMatrix;
  const cells = m.rows.flatMap((row, i) =>
    m.cols.map((col, j) => ({ trained: `after exp ${row}`, evaluated: `exp ${col}`, accuracy: m.values[i][j], i, j })),
  );
  const heatmap: VegaLiteSpec = {
    $schema: SCHEMA,
    title: `Accuracy matrix (${data.stream} stream)`,
    width: Math.max(120, 60 * m.cols.length),
    height: Math.max(120, 60 * m.rows.length),
    config: CONFIG,
    data: { values: cells },
    encoding: {
      x: { field: 'evaluated', type: 'ordinal', sort: { field: 'j' }, title: 'evaluated experience', axis: { labelAngle: 0 } },
      y: { field: 'trained', type: 'ordinal', sort: { field: 'i' }, title: 'trained up to' },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: { field: 'accuracy', type: 'quantitative', scale: { scheme: 'viridis', domain: [0, 1] }, title: 'accuracy' },
          tooltip: [{ field: 'trained' }, { field: 'evaluated' }, { field: 'accuracy', format: '.4f' }],
        },
      },
      {
        mark: { type: 'text', fontSize: 12 },
        encoding: {
          text: { field: 'accuracy', type: 'quantitative', format: '.2f' },
          color: { condition: { test: 'datum.accuracy > 0.6', value: 'black' }, value: 'white' },
        },
      },
    ],
  };
  return [
    { id: 'accuracy-matrix', title: 'Accuracy matrix', spec: heatmap },
    { id: 'accuracy-over-time', title: 'Accuracy per experience', spec: lineChart(`Accuracy per experience (${data.stream} stream)`, data.accuracyOverTime, 'accuracy', [0, 1]) },
    { id: 'forgetting', title: 'Forgetting', spec: lineChart(`Forgetting (${data.stream} stream, ${data.forgettingSource})`, data.forgetting, 'forgetting') },
    { id: 'loss', title: 'Loss', spec: lineChart('Loss', data.loss, 'loss') },
  ];
}
