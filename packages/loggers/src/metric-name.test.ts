import { ValidationError } from '@avalanche-ts/core';
import { formatMetricName, parseMetricName } from './metric-name.js';

describe('parseMetricName', () => {
  it('reads the examples of Avalanche’s convention', () => {
    expect(parseMetricName('Top1_Acc_Stream/eval_phase/test_stream/Task000')).toEqual({
      metric: 'Top1_Acc_Stream',
      phase: 'eval',
      stream: 'test',
      task: 0,
    });
    expect(parseMetricName('Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp003')).toEqual({
      metric: 'Top1_Acc_Exp',
      phase: 'eval',
      stream: 'test',
      task: 0,
      exp: 3,
    });
    expect(parseMetricName('Loss_Epoch/train_phase/train_stream/Task000')).toEqual({
      metric: 'Loss_Epoch',
      phase: 'train',
      stream: 'train',
      task: 0,
    });
    expect(parseMetricName('StreamForgetting/eval_phase/test_stream')).toEqual({
      metric: 'StreamForgetting',
      phase: 'eval',
      stream: 'test',
    });
    expect(parseMetricName('Top1_ClassAcc_Exp/eval_phase/test_stream/Task000/Exp000/7')).toEqual({
      metric: 'Top1_ClassAcc_Exp',
      phase: 'eval',
      stream: 'test',
      task: 0,
      exp: 0,
      suffix: '7',
    });
  });

  it('reads multi-task names, experiences without task labels and stream names with underscores', () => {
    expect(parseMetricName('Top1_Acc_Exp/eval_phase/test_stream/Task004/Exp004')).toMatchObject({ task: 4, exp: 4 });
    expect(parseMetricName('Top1_Acc_Exp/eval_phase/valid_set_stream/Exp002')).toEqual({
      metric: 'Top1_Acc_Exp',
      phase: 'eval',
      stream: 'valid_set',
      exp: 2,
    });
  });

  it('returns undefined outside the convention', () => {
    expect(parseMetricName('EvalStream/Acc_Matrix')).toBeUndefined();
    expect(parseMetricName('Top1_Acc_Exp/test_phase/test_stream')).toBeUndefined();
  });
});

describe('formatMetricName', () => {
  it('is the inverse of parseMetricName', () => {
    for (const name of [
      'Top1_Acc_Stream/eval_phase/test_stream/Task000',
      'Top1_Acc_Exp/eval_phase/test_stream/Task001/Exp012',
      'StreamForgetting/eval_phase/test_stream',
      'Top1_ClassAcc_Exp/eval_phase/test_stream/Task000/Exp000/7',
    ]) {
      expect(formatMetricName(parseMetricName(name)!)).toBe(name);
    }
  });

  it('pads task and experience ids to three digits and rejects bad ids', () => {
    expect(formatMetricName({ metric: 'Loss_Exp', phase: 'eval', stream: 'test', task: 2, exp: 7 })).toBe(
      'Loss_Exp/eval_phase/test_stream/Task002/Exp007',
    );
    expect(() => formatMetricName({ metric: 'Loss_Exp', phase: 'eval', stream: 'test', exp: -1 })).toThrow(ValidationError);
  });
});
