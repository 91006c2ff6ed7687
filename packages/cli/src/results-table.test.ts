import { aggregateResults, csvTable, formatSummary, markdownTable, runsCsv, summarize, type RunResult } from './results-table.js';

describe('summarize', () => {
  it('gives the mean and the sample standard deviation (n - 1)', () => {
    const s = summarize([0.5, 0.7, 0.9]);
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(0.7, 12);
    expect(s.std).toBeCloseTo(0.2, 12); // sqrt(((-.2)^2 + 0 + .2^2) / 2)
  });

  it('has no spread for one value and no mean for none; non-finite values are skipped', () => {
    expect(summarize([0.25])).toEqual({ n: 1, mean: 0.25, std: NaN });
    expect(summarize([])).toEqual({ n: 0, mean: NaN, std: NaN });
    expect(summarize([1, NaN, 3]).mean).toBe(2);
  });
});

describe('aggregateResults and the tables', () => {
  const results: RunResult[] = [
    { strategy: 'naive', seed: 0, finalAccuracy: 0.2, forgetting: 0.9, seconds: 10 },
    { strategy: 'replay', seed: 0, finalAccuracy: 0.8, forgetting: 0.1, seconds: 14 },
    { strategy: 'naive', seed: 1, finalAccuracy: 0.3, forgetting: 0.8, seconds: 12 },
    { strategy: 'replay', seed: 1, finalAccuracy: 0.6, forgetting: 0.3, seconds: 16 },
  ];

  it('groups by strategy in first-seen order and summarises over seeds', () => {
    const rows = aggregateResults(results);
    expect(rows.map((r) => r.strategy)).toEqual(['naive', 'replay']);
    expect(rows[0].seeds).toEqual([0, 1]);
    expect(rows[0].finalAccuracy.mean).toBeCloseTo(0.25, 12);
    expect(rows[0].finalAccuracy.std).toBeCloseTo(Math.SQRT1_2 * 0.1, 12);
    expect(rows[1].forgetting.mean).toBeCloseTo(0.2, 12);
    expect(rows[1].seconds).toEqual({ n: 2, mean: 15, std: Math.SQRT2 });
  });

  it('writes mean ± std in Markdown, aligned, with numbers right-aligned', () => {
    const md = markdownTable(aggregateResults(results));
    const lines = md.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\| strategy \| +seeds \| +final accuracy \| +forgetting \| +time \(s\) \|$/);
    expect(lines[1]).toMatch(/^\|-+\|-+:\|-+:\|-+:\|-+:\|$/);
    expect(lines[2]).toMatch(/^\| naive +\| +0,1 \|/);
    expect(lines[2]).toContain('0.2500 ± 0.0707');
    expect(lines[2]).toContain('0.8500 ± 0.0707');
    expect(lines[3]).toContain('0.7000 ± 0.1414');
    expect(lines[3]).toContain('15.0 ± 1.4');
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('shows only the mean for one seed and n/a for a metric that was not measured', () => {
    const md = markdownTable(aggregateResults([{ strategy: 'ewc', seed: 3, finalAccuracy: 0.41234, seconds: 2 }]));
    expect(md).toContain('| ewc      |     3 |         0.4123 |        n/a |      2.0 |');
  });

  it('writes CSV with one column per statistic and empty std for one seed', () => {
    const csv = csvTable(aggregateResults([...results, { strategy: 'a,"b"', seed: 0, finalAccuracy: 0.5, seconds: 1 }]));
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('strategy,seeds,n,final_accuracy_mean,final_accuracy_std,forgetting_mean,forgetting_std,time_s_mean,time_s_std');
    const naive = lines[1].split(',');
    expect(naive[0]).toBe('naive');
    expect(naive[1]).toBe('0 1');
    expect(Number(naive[3])).toBeCloseTo(0.25, 12);
    expect(lines[3]).toBe('"a,""b""",0,1,0.5,,,,1,');
  });

  it('lists every run in runs.csv', () => {
    expect(runsCsv(results.slice(0, 1))).toBe('strategy,seed,final_accuracy,forgetting,time_s\nnaive,0,0.2,0.9,10\n');
    expect(formatSummary({ n: 2, mean: 1, std: 0.5 }, 2)).toBe('1.00 ± 0.50');
  });
});
