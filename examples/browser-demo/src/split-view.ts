import { lineChart } from './chart.js';
import { STRATEGY_LABEL, type SplitLearner } from './learner.js';

export const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

/** Mean of matrix[i][0..i]: accuracy on every class seen so far (equal-sized experiences). */
function seenAccuracy(row: readonly number[], i: number): number {
  const seen = row.slice(0, i + 1);
  return seen.reduce((a, b) => a + b, 0) / seen.length;
}

/** Renders one learner: its accuracy matrix, what it still knows, and the live curve on earlier classes. */
export function renderLearner(el: HTMLElement, learner: SplitLearner, index: number, training: boolean): void {
  const n = learner.nExperiences;
  const classes = learner.classesPerExperience;
  const head = classes.map((c, j) => `<th title="test images of digits ${c.join(' and ')}">exp ${j}<br><small>digits ${c.join(',')}</small></th>`).join('');
  const rows = Array.from({ length: n }, (_, i) => {
    const row = learner.matrix[i];
    const cells = Array.from({ length: n }, (_, j) => {
      if (row === undefined) return `<td class="${training && i === learner.nextExp ? 'current' : 'future'}">·</td>`;
      const cls = j > i ? 'future' : '';
      return `<td class="${cls}" data-row="${i}" data-col="${j}" data-acc="${row[j]}" style="background:${heat(row[j], j > i)}">${pct(row[j])}</td>`;
    }).join('');
    return `<tr><th>after exp ${i}</th>${cells}</tr>`;
  }).join('');
  const last = learner.matrix.length - 1;
  const lastRow = learner.matrix[last];
  const seen = lastRow ? seenAccuracy(lastRow, last) : Number.NaN;
  const old = lastRow && last > 0 ? seenAccuracy(lastRow, last - 1) : Number.NaN;
  const points: Array<[number, number]> = [];
  for (let k = 0; k + 1 < learner.live.length; k += 2) points.push([learner.live[k], learner.live[k + 1]]);
  const perExp = learner.totalIterations / Math.max(1, learner.nextExp);
  const markers = Array.from({ length: Math.max(0, learner.nextExp - 1) }, (_, i) => [perExp * (i + 1), `exp ${i + 1}`] as const);
  el.innerHTML = `
    <h2>${STRATEGY_LABEL[learner.name]}</h2>
    <div class="muted">${learner.nextExp} of ${n} experiences learnt${learner.done ? ' — done' : ''}</div>
    <div class="summary">
      <div>accuracy on all digits seen<b class="acc-seen" data-acc="${seen}">${pct(seen)}</b></div>
      <div>on the earlier digits<b class="acc-old" data-acc="${old}">${pct(old)}</b></div>
    </div>
    <table class="matrix" data-learner="${index}"><tr><th></th>${head}</tr>${rows}</table>
    ${lineChart([{ name: 'accuracy on earlier digits, while training', color: '#c2410c', points }], { xLabel: 'training iterations', markers, xMax: perExp * n })}`;
}

/** Cell colour: green for kept knowledge, red for forgotten, grey for classes not learnt yet. */
function heat(v: number, future: boolean): string {
  if (future || !Number.isFinite(v)) return 'transparent';
  const hue = Math.round(v * 120);
  return `hsl(${hue} 70% 88%)`;
}
