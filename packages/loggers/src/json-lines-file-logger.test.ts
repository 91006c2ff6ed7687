import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonLinesFileLogger } from './json-lines-file-logger.js';

describe('jsonLinesFileLogger', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'loggers-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('jsonLinesFileLogger writes one JSON line per value and appends when asked', async () => {
    const path = join(dir, 'run', 'metrics.jsonl');
    const first = jsonLinesFileLogger({ path, now: () => 1 });
    first.logMetrics([{ origin: 'a', name: 'Loss_Epoch/train_phase/train_stream/Task000', value: 0.5, xPlot: 3 }]);
    first.close();
    const second = jsonLinesFileLogger({ path, append: true, now: () => 2 });
    second.logMetrics([{ origin: 'a', name: 'Loss_Epoch/train_phase/train_stream/Task000', value: 0.25, xPlot: 6 }]);
    second.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.time, l.x, l.value])).toEqual([[1, 3, 0.5], [2, 6, 0.25]]);
  });

  it('validates options', () => {
    expect(() => jsonLinesFileLogger({ path: join(dir, 'x'), append: 1 } as never)).toThrow(/jsonLinesFileLogger options.append/);
  });
});
