import { driveLogger, fakeRun } from './fake-run.fixture.js';
import { InMemoryLogger, type MetricRecord } from './in-memory-logger.js';
import { buildReportData, forgettingFromMatrix } from './report-data.js';

async function recordsOf(taskIncremental = false): Promise<readonly MetricRecord[]> {
  const logger = new InMemoryLogger();
  await driveLogger(logger, fakeRun({ taskIncremental }));
  return logger.records;
}

const rec = (name: string, value: number, trainingExp: number | undefined, xPlot: number, duringTraining = false): MetricRecord => ({
  name, value, trainingExp, xPlot, duringTraining, origin: 'test',
});

describe('buildReportData', () => {
  it('builds the accuracy matrix, curves and logged forgetting of a class-incremental run', async () => {
    const data = buildReportData(await recordsOf(), { createdAt: 'now', config: { lr: 0.1 } });
    expect(data.stream).toBe('test');
    expect(data.accuracyMatrix).toEqual({ rows: [0, 1], cols: [0, 1], values: [[0.9, 0], [0.6, 0.95]] });
    expect(data.accuracyOverTime).toEqual([
      { x: 4, series: 'Exp 0', value: 0.9 },
      { x: 4, series: 'Exp 1', value: 0 },
      { x: 8, series: 'Exp 0', value: 0.6 },
      { x: 8, series: 'Exp 1', value: 0.95 },
    ]);
    expect(data.forgettingSource).toBe('logged');
    expect(data.forgetting.filter((p) => p.series === 'Stream')).toEqual([{ x: 8, series: 'Stream', value: 0.9 - 0.6 }]);
    expect(data.loss).toEqual([
      { x: 2, series: 'Loss_Epoch (train)', value: 1.2 },
      { x: 4, series: 'Loss_Epoch (train)', value: 0.8 },
      { x: 4, series: 'Loss_Stream (test)', value: 1.4 },
      { x: 6, series: 'Loss_Epoch (train)', value: 1.0 },
      { x: 8, series: 'Loss_Epoch (train)', value: 0.5 },
      { x: 8, series: 'Loss_Stream (test)', value: expect.closeTo(0.65, 12) },
    ]);
    expect(data.config).toEqual({ lr: 0.1 });
  });

  it('labels experiences with their task in a task-incremental run', async () => {
    const data = buildReportData(await recordsOf(true));
    expect(data.accuracyOverTime.map((p) => p.series)).toEqual(['Exp 0', 'Exp 1 (Task 1)', 'Exp 0', 'Exp 1 (Task 1)']);
    expect(data.accuracyMatrix.values).toEqual([[0.9, 0], [0.6, 0.95]]);
  });

  it('computes forgetting from the matrix when it was not logged, and ignores validation inside training', () => {
    // Three class-incremental experiences; hand-computed:
    // F_1 = 0.8 - 0.5 = 0.3;  F_2 = ((0.8 - 0.2) + (0.9 - 0.4)) / 2 = 0.55.
    const A = 'Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp00';
    const records = [
      rec(`${A}0`, 0.8, 0, 10), rec(`${A}1`, 0, 0, 10), rec(`${A}2`, 0, 0, 10),
      rec(`${A}0`, 0.123, 1, 15, true), // validation during training: not a matrix entry
      rec(`${A}0`, 0.5, 1, 20), rec(`${A}1`, 0.9, 1, 20), rec(`${A}2`, 0, 1, 20),
      rec(`${A}0`, 0.2, 2, 30), rec(`${A}1`, 0.4, 2, 30), rec(`${A}2`, 0.7, 2, 30),
    ];
    const data = buildReportData(records);
    expect(data.accuracyMatrix.values).toEqual([[0.8, 0, 0], [0.5, 0.9, 0], [0.2, 0.4, 0.7]]);
    expect(data.forgettingSource).toBe('accuracy matrix');
    expect(data.forgetting.map((p) => [p.x, p.value])).toEqual([
      [20, expect.closeTo(0.3, 12)],
      [30, expect.closeTo(0.55, 12)],
    ]);
  });

  it('falls back to a logged accuracy matrix and to the first evaluated stream', () => {
    const records: MetricRecord[] = [
      { name: 'EvalStream/Acc_Matrix', origin: 'AccuracyMatrix', value: [[1, 0], [0.5, 1]], xPlot: 3, trainingExp: undefined, duringTraining: false },
      rec('Top1_Acc_Stream/eval_phase/valid_stream/Task000', 0.5, undefined, 3),
    ];
    const data = buildReportData(records);
    expect(data.stream).toBe('valid');
    expect(data.accuracyMatrix).toEqual({ rows: [0, 1], cols: [0, 1], values: [[1, 0], [0.5, 1]] });
    expect(forgettingFromMatrix(data.accuracyMatrix)).toEqual([{ row: 1, value: 0.5 }]);
  });
});
