import { buildReportData } from './report-data.js';
import { reportCharts } from './report-charts.js';
import { renderChartSvg } from './render-chart-png.js';
import type { MetricRecord } from './in-memory-logger.js';

const rec = (name: string, value: number, trainingExp: number, xPlot: number): MetricRecord => ({
  name, value, trainingExp, xPlot, duringTraining: false, origin: 't',
});

describe('reportCharts', () => {
  const data = buildReportData(
    [
      rec('Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000', 0.8, 0, 5),
      rec('Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp001', 0.1, 0, 5),
      rec('Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000', 0.4, 1, 10),
      rec('Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp001', 0.7, 1, 10),
      rec('Loss_Epoch/train_phase/train_stream/Task000', 1.5, 0, 5),
    ],
    { createdAt: 'x' },
  );

  it('puts the matrix cells, series and titles into four vega-lite specs', () => {
    const charts = reportCharts(data);
    expect(charts.map((c) => c.id)).toEqual(['accuracy-matrix', 'accuracy-over-time', 'forgetting', 'loss']);
    const cells = (charts[0].spec.data as { values: { trained: string; evaluated: string; accuracy: number }[] }).values;
    expect(cells.map((c) => [c.trained, c.evaluated, c.accuracy])).toEqual([
      ['after exp 0', 'exp 0', 0.8],
      ['after exp 0', 'exp 1', 0.1],
      ['after exp 1', 'exp 0', 0.4],
      ['after exp 1', 'exp 1', 0.7],
    ]);
    expect(charts[2].spec.title).toBe('Forgetting (test stream, accuracy matrix)');
    expect((charts[2].spec.data as { values: unknown[] }).values).toEqual([{ x: 10, series: 'Stream', value: expect.closeTo(0.4, 12) }]);
  });

  it('renders every spec to an SVG with vega in Node', async () => {
    for (const chart of reportCharts(data)) {
      const svg = await renderChartSvg(chart.spec);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(chart.id === 'loss' ? 'Loss_Epoch (train)' : 'test stream');
    }
    const heatmap = await renderChartSvg(reportCharts(data)[0].spec);
    expect(heatmap).toContain('>0.80<');
  });
});
