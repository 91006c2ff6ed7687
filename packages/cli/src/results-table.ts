/** The outcome of one strategy on one seed, as the comparison table needs it. */
export interface RunResult {
  /** The strategy's label in the config. */
  readonly strategy: string;
  readonly seed: number;
  /** Top1_Acc_Stream on the test stream after the last experience (pattern-weighted, as Avalanche). */
  readonly finalAccuracy: number;
  /** StreamForgetting on the test stream after the last experience (mean over experiences), if measured. */
  readonly forgetting?: number;
  /** Wall-clock seconds of training plus evaluation. */
  readonly seconds: number;
}

/** Mean and sample standard deviation (n - 1 denominator) of one column over seeds. */
export interface Summary {
  readonly n: number;
  readonly mean: number;
  /** NaN when n < 2 (one seed says nothing about spread). */
  readonly std: number;
}

/** One row of the aggregated table: a strategy and its summaries over seeds. */
export interface AggregatedRow {
  readonly strategy: string;
  readonly seeds: readonly number[];
  readonly finalAccuracy: Summary;
  readonly forgetting: Summary;
  readonly seconds: Summary;
}

/** Mean and sample standard deviation of the finite values (NaN mean when there are none). */
export function summarize(values: readonly number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  if (n === 0) return { n, mean: NaN, std: NaN };
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, std: NaN };
  const variance = finite.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { n, mean, std: Math.sqrt(variance) };
}

/** Groups results by strategy (in first-seen order) and summarises each column over seeds. */
export function aggregateResults(results: readonly RunResult[]): AggregatedRow[] {
  const groups = new Map<string, RunResult[]>();
  for (const r of results) {
    const group = groups.get(r.strategy);
    if (group) group.push(r);
    else groups.set(r.strategy, [r]);
  }
  return [...groups].map(([strategy, runs]) => ({
    strategy,
    seeds: runs.map((r) => r.seed),
    finalAccuracy: summarize(runs.map((r) => r.finalAccuracy)),
    forgetting: summarize(runs.map((r) => r.forgetting ?? NaN)),
    seconds: summarize(runs.map((r) => r.seconds)),
  }));
}

/** `mean ± std` with `digits` decimals; just the mean for one seed; `n/a` when nothing was measured. */
export function formatSummary(summary: Summary, digits: number): string {
  if (!Number.isFinite(summary.mean)) return 'n/a';
  const mean = summary.mean.toFixed(digits);
  return Number.isFinite(summary.std) ? `${mean} ± ${summary.std.toFixed(digits)}` : mean;
}

const HEADERS = ['strategy', 'seeds', 'final accuracy', 'forgetting', 'time (s)'];

/** The comparison table in Markdown: accuracy and forgetting as fractions (4 decimals), time in seconds. */
export function markdownTable(rows: readonly AggregatedRow[]): string {
  const body = rows.map((row) => [
    row.strategy,
    row.seeds.join(','),
    formatSummary(row.finalAccuracy, 4),
    formatSummary(row.forgetting, 4),
    formatSummary(row.seconds, 1),
  ]);
  const widths = HEADERS.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(HEADERS), rule, ...body.map(line)].join('\n') + '\n';
}

/** The comparison table as CSV, one column per statistic (empty std with one seed), full precision. */
export function csvTable(rows: readonly AggregatedRow[]): string {
  const header = [
    'strategy',
    'seeds',
    'n',
    'final_accuracy_mean',
    'final_accuracy_std',
    'forgetting_mean',
    'forgetting_std',
    'time_s_mean',
    'time_s_std',
  ];
  const num = (v: number) => (Number.isFinite(v) ? String(v) : '');
  const lines = rows.map((row) =>
    [
      csvCell(row.strategy),
      csvCell(row.seeds.join(' ')),
      String(row.finalAccuracy.n),
      num(row.finalAccuracy.mean),
      num(row.finalAccuracy.std),
      num(row.forgetting.mean),
      num(row.forgetting.std),
      num(row.seconds.mean),
      num(row.seconds.std),
    ].join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}

/** Every single run as CSV (one row per strategy and seed), so the table can be recomputed. */
export function runsCsv(results: readonly RunResult[]): string {
  const num = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? String(v) : '');
  const lines = results.map((r) => [csvCell(r.strategy), String(r.seed), num(r.finalAccuracy), num(r.forgetting), num(r.seconds)].join(','));
  return ['strategy,seed,final_accuracy,forgetting,time_s', ...lines].join('\n') + '\n';
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
