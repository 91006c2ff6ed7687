import { driveLogger, fakeContext, fakeRun } from './fake-run.fixture.js';
import { TextLogger } from './text-logger.js';

describe('TextLogger', () => {
  it('prints Avalanche’s layout for a class-incremental run', async () => {
    const lines: string[] = [];
    await driveLogger(new TextLogger({ write: (line) => lines.push(line) }), fakeRun());
    const text = lines.join('\n');
    expect(lines.slice(0, 7)).toEqual([
      '-- >> Start of training phase << --',
      '-- Starting training on experience 0 (Task 0) from train stream --',
      'Epoch 0 ended.',
      // The last value of per-iteration metrics shows at epoch end, everything sorted by name.
      '\tLoss_Epoch/train_phase/train_stream/Task000 = 1.2000',
      '\tLoss_MB/train_phase/train_stream/Task000 = 1.2000',
      '\tTop1_Acc_Epoch/train_phase/train_stream/Task000 = 0.5000',
      '\tTop1_Acc_MB/train_phase/train_stream/Task000 = 0.5000',
    ]);
    expect(text).toContain(
      [
        '-- >> Start of eval phase << --',
        '-- Starting eval on experience 0 (Task 0) from test stream --',
        '> Eval on experience 0 (Task 0) from test stream ended.',
        '\tExperienceForgetting/eval_phase/test_stream/Task000/Exp000 = 0.0000',
        '\tLoss_Exp/eval_phase/test_stream/Task000/Exp000 = 0.3000',
        '\tTop1_Acc_Exp/eval_phase/test_stream/Task000/Exp000 = 0.9000',
      ].join('\n'),
    );
    // After the second experience: stream accuracy (0.6 + 0.95) / 2 and forgetting 0.9 - 0.6.
    expect(text.endsWith(
      [
        '-- >> End of eval phase << --',
        '\tLoss_Stream/eval_phase/test_stream/Task000 = 0.6500',
        '\tStreamForgetting/eval_phase/test_stream = 0.3000',
        '\tTop1_Acc_Stream/eval_phase/test_stream/Task000 = 0.7750',
      ].join('\n'),
    )).toBe(true);
    expect(lines.filter((l) => l === 'Epoch 1 ended.')).toHaveLength(2);
  });

  it('names each experience’s task in a task-incremental run', async () => {
    const lines: string[] = [];
    await driveLogger(new TextLogger({ write: (line) => lines.push(line) }), fakeRun({ taskIncremental: true }));
    expect(lines).toContain('-- Starting training on experience 1 (Task 1) from train stream --');
    expect(lines).toContain('> Eval on experience 1 (Task 1) from test stream ended.');
    expect(lines).toContain('\tTop1_Acc_Exp/eval_phase/test_stream/Task001/Exp001 = 0.9500');
    // Stream-level names carry the task of the last evaluated experience.
    expect(lines).toContain('\tTop1_Acc_Stream/eval_phase/test_stream/Task001 = 0.7750');
  });

  it('omits the task when an experience has several task labels, and prints matrices on new lines', () => {
    const lines: string[] = [];
    const logger = new TextLogger({ write: (line) => lines.push(line) });
    const context = fakeContext({ experience: { exp: 2, stream: 'test', tasks: [0, 1] } });
    logger.beforeEvalExp(context);
    logger.logMetrics([{ origin: 'ConfusionMatrix', name: 'ConfusionMatrix_Stream/eval_phase/test_stream', value: [[2, 0], [1, 1]], xPlot: 0 }]);
    logger.afterEvalExp(context);
    logger.afterEval();
    expect(lines).toEqual([
      '-- Starting eval on experience 2 from test stream --',
      '> Eval on experience 2 from test stream ended.',
      '\tConfusionMatrix_Stream/eval_phase/test_stream = \n[[2.0000, 0.0000],\n [1.0000, 1.0000]]',
      '-- >> End of eval phase << --',
    ]);
  });
});
