import { CsvLogger, type CsvFileName } from './csv-logger.js';
import { driveLogger, fakeContext, fakeRun } from './fake-run.fixture.js';

function collect(): { files: Record<CsvFileName, string[]>; write: (f: CsvFileName, l: string) => void } {
  const files: Record<CsvFileName, string[]> = { 'training_results.csv': [], 'eval_results.csv': [] };
  return { files, write: (f, l) => files[f].push(l) };
}

describe('CsvLogger', () => {
  it('writes Avalanche’s columns and hand-computed rows for a class-incremental run', async () => {
    const { files, write } = collect();
    await driveLogger(new CsvLogger({ write }), fakeRun());
    expect(files['training_results.csv']).toEqual([
      'training_exp,epoch,training_accuracy,val_accuracy,training_loss,val_loss',
      '0,0,0.5000,0,1.2000,0',
      '0,1,0.7500,0,0.8000,0',
      '1,0,0.6250,0,1.0000,0',
      '1,1,0.8750,0,0.5000,0',
    ]);
    expect(files['eval_results.csv']).toEqual([
      'eval_exp,training_exp,eval_accuracy,eval_loss,forgetting',
      '0,0,0.9000,0.3000,0.0000',
      '1,0,0.0000,2.5000,0',
      // Experience 0 forgot 0.9 - 0.6 = 0.3 after training experience 1.
      '0,1,0.6000,1.1000,0.3000',
      '1,1,0.9500,0.2000,0.0000',
    ]);
  });

  it('reads task-incremental names (Task001) the same way', async () => {
    const { files, write } = collect();
    await driveLogger(new CsvLogger({ write }), fakeRun({ taskIncremental: true }));
    expect(files['training_results.csv'][3]).toBe('1,0,0.6250,0,1.0000,0');
    expect(files['eval_results.csv'][4]).toBe('1,1,0.9500,0.2000,0.0000');
  });

  it('takes val_accuracy and val_loss from evaluations inside training', () => {
    const { files, write } = collect();
    const logger = new CsvLogger({ write });
    const train = fakeContext({ isTraining: true, experience: { exp: 2, stream: 'train', tasks: [0] }, clock: { trainExpEpochs: 0 } });
    const valid = fakeContext({ experience: { exp: 0, stream: 'valid', tasks: [0] } });
    logger.beforeTraining();
    logger.beforeTrainingExp(train);
    logger.beforeEval();
    logger.logMetrics([
      { origin: 'a', name: 'Top1_Acc_Exp/eval_phase/valid_stream/Task000/Exp000', value: 0.8125, xPlot: 0 },
      { origin: 'l', name: 'Loss_Exp/eval_phase/valid_stream/Task000/Exp000', value: 0.25, xPlot: 0 },
    ]);
    logger.afterEvalExp(valid);
    logger.afterEval();
    logger.logMetrics([
      { origin: 'a', name: 'Top1_Acc_Epoch/train_phase/train_stream/Task000', value: 0.5, xPlot: 3 },
      { origin: 'a', name: 'Top1_Acc_Epoch/train_phase/valid_stream/Task000', value: 0.1, xPlot: 3 },
    ]);
    logger.afterTrainingEpoch(train);
    expect(files['training_results.csv'][1]).toBe('2,0,0.5000,0.8125,0,0.2500');
    expect(files['eval_results.csv']).toHaveLength(1);
  });

  it('writes None as training_exp when eval runs before any training', () => {
    const { files, write } = collect();
    const logger = new CsvLogger({ write });
    logger.beforeEval();
    logger.logMetrics([{ origin: 'a', name: 'Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000', value: 0.1, xPlot: 0 }]);
    logger.afterEvalExp(fakeContext({ experience: { exp: 0, stream: 'test', tasks: [0] } }));
    expect(files['eval_results.csv'][1]).toBe('0,None,0.1000,0,0');
  });
});
