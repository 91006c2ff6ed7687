import { terminalProgress } from './terminal-progress.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return {
    chunks,
    stream: {
      isTTY,
      columns: 120,
      write: (c: string) => (chunks.push(c), true),
      cursorTo: (_x: number, _y?: number, cb?: () => void) => (cb?.(), true),
      clearLine: (_dir: number, cb?: () => void) => (cb?.(), true),
      moveCursor: (_dx: number, _dy: number, cb?: () => void) => (cb?.(), true),
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
}

describe('terminalProgress', () => {
  it('draws a cli-progress bar with speed and ETA on a terminal', () => {
    const { chunks, stream } = fakeStream(true);
    const bar = terminalProgress({ stream })('Experience 0, epoch 0', 4);
    for (let i = 0; i < 4; i++) bar.increment();
    bar.stop();
    const text = chunks.join('');
    expect(text).toMatch(/Experience 0, epoch 0 \|[█░]+\| 100% 4\/4 \[\d\d:\d\d<00:00, ([\d.]+|\?) it\/s\]/);
  });

  it('falls back to plain lines when the stream is not a terminal', () => {
    const { chunks, stream } = fakeStream(false);
    const bar = terminalProgress({ stream })('Eval experience 1 (test stream)', 3);
    for (let i = 0; i < 3; i++) bar.increment();
    bar.stop();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatch(/^Eval experience 1 \(test stream\): 100% 3\/3 \[00:00<00:00, ([\d.]+|\?) it\/s\]\n$/);
  });
});
