import { isMatrix } from './format-metric-data.js';
import type { MetricRecord } from './in-memory-logger.js';
import { parseMetricName } from './metric-name.js';

/** R[i][j]: accuracy on evaluated experience `cols[j]` after training experience `rows[i]` (null: not evaluated). */
export interface AccuracyMatrix {
  readonly rows: readonly number[];
  readonly cols: readonly number[];
  readonly values: readonly (readonly (number | null)[])[];
}

export interface ReportPoint {
  readonly x: number;
  readonly series: string;
  readonly value: number;
}

/** Everything the HTML report and its PNG charts show; plain JSON, so it can be saved and rendered later. */
export interface ReportData {
  readonly title: string;
  /** The evaluated stream the charts are about (e.g. "test"). */
  readonly stream: string;
  readonly createdAt: string;
  readonly accuracyMatrix: AccuracyMatrix;
  /** Accuracy of each evaluated experience (series `Exp 1`, `Exp 1 (Task 1)`) at each evaluation. */
  readonly accuracyOverTime: readonly ReportPoint[];
  /** Stream forgetting (logged `StreamForgetting`, else computed from the matrix) and per-experience forgetting. */
  readonly forgetting: readonly ReportPoint[];
  /** Where the stream forgetting comes from. */
  readonly forgettingSource: 'logged' | 'accuracy matrix' | 'none';
  /** Training loss per epoch and evaluation loss per stream evaluation. */
  readonly loss: readonly ReportPoint[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly environment: Readonly<Record<string, string>>;
}

export interface BuildReportOptions {
  readonly title?: string;
  /** Evaluated stream to report on; default "test" when logged, else the first evaluated stream. */
  readonly stream?: string;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly environment?: Readonly<Record<string, string>>;
  /** ISO time stamp shown in the report; default now. */
  readonly createdAt?: string;
}

/**
 * Derives the report's tables and series from logged records (an `InMemoryLogger`'s `records`). Only
 * evaluations outside `train()` count (those inside are validation), each attributed to the training
 * experience last started. When `StreamForgetting` was not logged, forgetting after training experience
 * i is computed from the matrix as Avalanche defines it (accuracy right after training minus now):
 * `F_i = mean over rows k < i of (R[k][e_k] - R[i][e_k])`, with `e_k` the experience trained at row k.
 */
export function buildReportData(records: readonly MetricRecord[], options: BuildReportOptions = {}): ReportData {
  const parsed = records.map((record) => ({ record, parts: parseMetricName(record.name) }));
  const evaluations = parsed.filter((p) => p.parts?.phase === 'eval' && !p.record.duringTraining);
  const streams = [...new Set(evaluations.map((p) => p.parts!.stream))];
  const stream = options.stream ?? (streams.includes('test') ? 'test' : (streams[0] ?? 'test'));
  const ofStream = evaluations.filter((p) => p.parts!.stream === stream && typeof p.record.value === 'number');

  const expAccuracy = ofStream.filter((p) => p.parts!.metric === 'Top1_Acc_Exp' && p.parts!.exp !== undefined);
  const label = (exp: number, task: number | undefined) => (task === undefined || task === 0 ? `Exp ${exp}` : `Exp ${exp} (Task ${task})`);
  const accuracyOverTime = expAccuracy.map((p) => ({ x: p.record.xPlot, series: label(p.parts!.exp!, p.parts!.task), value: p.record.value as number }));

  const accuracyMatrix = matrixFromRecords(expAccuracy) ?? matrixFromLogged(records);

  const streamForgetting = ofStream.filter((p) => p.parts!.metric === 'StreamForgetting');
  const expForgetting = ofStream.filter((p) => p.parts!.metric === 'ExperienceForgetting' && p.parts!.exp !== undefined);
  let forgettingSource: ReportData['forgettingSource'] = 'none';
  const forgetting: ReportPoint[] = [];
  if (streamForgetting.length > 0) {
    forgettingSource = 'logged';
    for (const p of streamForgetting) forgetting.push({ x: p.record.xPlot, series: 'Stream', value: p.record.value as number });
  } else {
    const computed = forgettingFromMatrix(accuracyMatrix);
    if (computed.length > 0) forgettingSource = 'accuracy matrix';
    const xOfRow = new Map(expAccuracy.map((p) => [p.record.trainingExp, p.record.xPlot]));
    for (const { row, value } of computed) forgetting.push({ x: xOfRow.get(accuracyMatrix.rows[row]) ?? row, series: 'Stream', value });
  }
  for (const p of expForgetting) forgetting.push({ x: p.record.xPlot, series: label(p.parts!.exp!, p.parts!.task), value: p.record.value as number });

  const loss: ReportPoint[] = [];
  for (const { record, parts } of parsed) {
    if (parts === undefined || typeof record.value !== 'number') continue;
    const trainLoss = parts.metric === 'Loss_Epoch' && parts.phase === 'train';
    const evalLoss = parts.metric === 'Loss_Stream' && parts.phase === 'eval' && parts.stream === stream && !record.duringTraining;
    if (trainLoss || evalLoss) loss.push({ x: record.xPlot, series: `${parts.metric} (${parts.stream})`, value: record.value });
  }

  return {
    title: options.title ?? 'avalanche-ts run',
    stream,
    createdAt: options.createdAt ?? new Date().toISOString(),
    accuracyMatrix,
    accuracyOverTime,
    forgetting,
    forgettingSource,
    loss,
    config: options.config ?? {},
    environment: options.environment ?? {},
  };
}

function matrixFromRecords(records: readonly { record: MetricRecord; parts: ReturnType<typeof parseMetricName> }[]): AccuracyMatrix | undefined {
  const cells = records.filter((p) => p.record.trainingExp !== undefined);
  if (cells.length === 0) return undefined;
  const rows = [...new Set(cells.map((p) => p.record.trainingExp!))].sort((a, b) => a - b);
  const cols = [...new Set(cells.map((p) => p.parts!.exp!))].sort((a, b) => a - b);
  const values = rows.map(() => cols.map((): number | null => null));
  // Later evaluations after the same training experience overwrite earlier ones.
  for (const p of cells) values[rows.indexOf(p.record.trainingExp!)][cols.indexOf(p.parts!.exp!)] = p.record.value as number;
  return { rows, cols, values };
}

/** Falls back to a logged matrix value (Avalanche's `EvalStream/Acc_Matrix`), rows and columns 0..n-1. */
function matrixFromLogged(records: readonly MetricRecord[]): AccuracyMatrix {
  const logged = [...records].reverse().find((r) => r.name.includes('Acc_Matrix') && isMatrix(r.value));
  if (logged === undefined) return { rows: [], cols: [], values: [] };
  const values = (logged.value as readonly (readonly number[])[]).map((row) => row.map((v) => (Number.isFinite(v) ? v : null)));
  return { rows: values.map((_, i) => i), cols: (values[0] ?? []).map((_, j) => j), values };
}

/** `F_i` for every row i > 0 whose earlier experiences were all evaluated (see `buildReportData`). */
export function forgettingFromMatrix(matrix: AccuracyMatrix): { row: number; value: number }[] {
  const out: { row: number; value: number }[] = [];
  for (let i = 1; i < matrix.rows.length; i++) {
    const drops: number[] = [];
    for (let k = 0; k < i; k++) {
      const col = matrix.cols.indexOf(matrix.rows[k]);
      const initial = col < 0 ? null : matrix.values[k][col];
      const now = col < 0 ? null : matrix.values[i][col];
      if (initial !== null && now !== null) drops.push(initial - now);
    }
    if (drops.length > 0) out.push({ row: i, value: drops.reduce((s, d) => s + d, 0) / drops.length });
  }
  return out;
}
