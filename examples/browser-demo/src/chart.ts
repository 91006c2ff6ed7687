/** One line of a chart: points as [x, y] with y in [0, 1]. */
export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small SVG line chart of accuracies (y from 0 to 100%), with optional vertical markers. */
export function lineChart(series: readonly Series[], options: { xLabel: string; markers?: ReadonlyArray<readonly [number, string]>; xMax?: number }): string {
  const [w, h, left, right, top, bottom] = [460, 190, 38, 10, 22, 30];
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const xMax = Math.max(options.xMax ?? 1, ...xs, 1);
  const x = (v: number) => left + (v / xMax) * (w - left - right);
  const y = (v: number) => top + (1 - v) * (h - top - bottom);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((v) => `<line x1="${left}" x2="${w - right}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e6ef"/><text x="${left - 4}" y="${y(v) + 4}" text-anchor="end" font-size="10" fill="#6a7284">${v * 100}%</text>`)
    .join('');
  const markers = (options.markers ?? [])
    .map(([mx, label]) => `<line x1="${x(mx)}" x2="${x(mx)}" y1="${top}" y2="${h - bottom}" stroke="#c7ccd9" stroke-dasharray="3 3"/><text x="${x(mx) + 3}" y="${top + 9}" font-size="9" fill="#6a7284">${esc(label)}</text>`)
    .join('');
  const lines = series
    .map((s) => {
      if (s.points.length === 0) return '';
      const d = s.points.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${x(px).toFixed(1)},${y(py).toFixed(1)}`).join('');
      const dots = s.points.length <= 12 ? s.points.map(([px, py]) => `<circle cx="${x(px)}" cy="${y(py)}" r="2.5" fill="${s.color}"/>`).join('') : '';
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>${dots}`;
    })
    .join('');
  const legend = series.map((s, i) => `<text x="${left + i * 170}" y="12" font-size="11" fill="${s.color}">■ ${esc(s.name)}</text>`).join('');
  return `<svg class="chart" viewBox="0 0 ${w} ${h}" role="img">${legend}${grid}${markers}${lines}<text x="${(w + left) / 2}" y="${h - 6}" text-anchor="middle" font-size="10" fill="#6a7284">${esc(options.xLabel)}</text></svg>`;
}
