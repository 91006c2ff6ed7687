import { driveLogger, fakeRun } from './fake-run.fixture.js';
import { JsonLinesLogger } from './json-lines-logger.js';

describe('JsonLinesLogger', () => {
  it('writes one parseable object per value with the name’s parts', async () => {
    const lines: string[] = [];
    await driveLogger(new JsonLinesLogger({ write: (l) => lines.push(l), now: () => 12.5 }), fakeRun({ taskIncremental: true }));
    const records = lines.map((l) => JSON.parse(l));
    // Per experience: 4 iterations x 2 + 2 epochs x 2 + 2 eval experiences x (2 + forgetting) + stream values.
    expect(records).toHaveLength(8 + 4 + 5 + 2 + (8 + 4 + 6 + 3));
    expect(records).toContainEqual({
      time: 12.5,
      name: 'Top1_Acc_Exp/eval_phase/test_stream/Task001/Exp001',
      value: 0.95,
      x: 8,
      origin: 'Top1_Acc_Exp',
      metric: 'Top1_Acc_Exp',
      phase: 'eval',
      stream: 'test',
      task: 1,
      exp: 1,
    });
    expect(records.at(-1)).toMatchObject({ name: 'StreamForgetting/eval_phase/test_stream', value: 0.9 - 0.6, stream: 'test' });
  });

  it('keeps matrices and spells non-finite numbers as strings', () => {
    const lines: string[] = [];
    new JsonLinesLogger({ write: (l) => lines.push(l), now: () => 0 }).logMetrics([
      { origin: 'cm', name: 'ConfusionMatrix_Stream/eval_phase/test_stream', value: [[1, 0], [0, 1]], xPlot: 2 },
      { origin: 'l', name: 'Loss_MB/train_phase/train_stream/Task000', value: Number.NaN, xPlot: 2 },
    ]);
    expect(JSON.parse(lines[0]).value).toEqual([[1, 0], [0, 1]]);
    expect(JSON.parse(lines[1]).value).toBe('NaN');
  });
});
