import { formatDuration, lineProgress, progressLine } from './line-progress.js';

describe('lineProgress', () => {
  it('prints one line per interval and a final line with speed and ETA', () => {
    const lines: string[] = [];
    let t = 0;
    const bar = lineProgress({ write: (l) => lines.push(l), intervalMs: 1000, now: () => t })('Epoch 0', 8);
    for (let i = 0; i < 8; i++) {
      t += 400; // 2.5 steps per second
      bar.increment();
    }
    bar.stop();
    bar.stop(); // idempotent
    expect(lines).toEqual([
      // 3 steps in 1.2 s: 2.50 it/s, 5 steps left: 2 s.
      'Epoch 0: 37% 3/8 [00:01<00:02, 2.50 it/s]',
      'Epoch 0: 75% 6/8 [00:02<00:01, 2.50 it/s]',
      'Epoch 0: 100% 8/8 [00:03<00:00, 2.50 it/s]',
    ]);
  });

  it('formats durations and unknown rates', () => {
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Number.NaN)).toBe('?');
    expect(progressLine('x', 0, 10, 0)).toBe('x: 0% 0/10 [00:00<?, ? it/s]');
  });
});
