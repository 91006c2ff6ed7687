import type { MetricData, MetricValue } from '@avalanche-ts/core';

/**
 * Formats a metric value as Avalanche's text and CSV loggers do: numbers with four decimals (`%.4f`),
 * vectors and matrices on a new line, one row per line (as `str(tensor)` prints them).
 */
export function formatMetricData(value: MetricData): string {
  if (typeof value === 'number') return formatNumber(value);
  if (isMatrix(value)) return `\n[${value.map((row) => `[${row.map(formatNumber).join(', ')}]`).join(',\n ')}]`;
  if (Array.isArray(value)) return `\n[${(value as readonly number[]).map(formatNumber).join(', ')}]`;
  const record = value as Readonly<Record<string, number>>;
  return Object.keys(record)
    .map((key) => `${key}: ${formatNumber(record[key])}`)
    .join(', ');
}

/** `%.4f`, with `nan` / `inf` spelled as Python prints them. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return value.toFixed(4);
}

export function isMatrix(value: MetricData): value is readonly (readonly number[])[] {
  return Array.isArray(value) && value.length > 0 && Array.isArray(value[0]);
}

export function isVector(value: MetricData): value is readonly number[] {
  return Array.isArray(value) && !isMatrix(value);
}

/**
 * Expands dict values into one value per key named `name/key` (Avalanche's `BaseLogger.log_metrics`), so
 * every logger sees numbers, vectors and matrices only.
 */
export function expandMetricValues(values: readonly MetricValue[]): MetricValue[] {
  const out: MetricValue[] = [];
  for (const value of values) {
    const data = value.value;
    if (typeof data === 'object' && !Array.isArray(data)) {
      const record = data as Readonly<Record<string, number>>;
      for (const key of Object.keys(record)) {
        out.push({ origin: value.origin, name: `${value.name}/${key}`, value: record[key], xPlot: value.xPlot });
      }
    } else {
      out.push(value);
    }
  }
  return out;
}
