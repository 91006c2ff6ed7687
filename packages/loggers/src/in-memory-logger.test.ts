import { driveLogger, fakeRun } from './fake-run.fixture.js';
import { InMemoryLogger } from './in-memory-logger.js';

describe('InMemoryLogger', () => {
  it('keeps last values, histories and the training experience of each record', async () => {
    const logger = new InMemoryLogger();
    await driveLogger(logger, fakeRun());
    const last = logger.getLastMetrics();
    expect(last['Top1_Acc_Stream/eval_phase/test_stream/Task000']).toBeCloseTo(0.775, 12);
    expect(last['Loss_Epoch/train_phase/train_stream/Task000']).toBe(0.5);
    const history = logger.getAllMetrics()['Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000'];
    expect(history).toEqual({ x: [4, 8], values: [0.9, 0.6] });
    const evalRecords = logger.records.filter((r) => r.name.startsWith('Top1_Acc_Exp/'));
    expect(evalRecords.map((r) => [r.trainingExp, r.duringTraining, r.value])).toEqual([
      [0, false, 0.9],
      [0, false, 0],
      [1, false, 0.6],
      [1, false, 0.95],
    ]);
    expect(logger.records.find((r) => r.name.startsWith('Loss_MB'))).toMatchObject({ trainingExp: 0, duringTraining: true, xPlot: 0 });
  });
});
