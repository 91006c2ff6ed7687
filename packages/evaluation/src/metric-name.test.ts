import type { Experience, StrategyContext } from '@avalanche-ts/core';
import { getMetricName } from './metric-name.js';

const exp = (taskLabels: number[], id = 3, streamName = 'test') => ({ currentExperience: id, streamName, taskLabels }) as unknown as Experience;
const ctx = (experience: Experience, isTraining = false) => ({ experience, isTraining }) as unknown as StrategyContext;

describe('getMetricName', () => {
  it("follows Avalanche's key convention", () => {
    expect(getMetricName('Top1_Acc_Stream', ctx(exp([0])))).toBe('Top1_Acc_Stream/eval_phase/test_stream/Task000');
    expect(getMetricName('Top1_Acc_Exp', ctx(exp([0])), { addExperience: true })).toBe('Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp003');
    expect(getMetricName('Loss_Epoch', ctx(exp([0], 0, 'train'), true))).toBe('Loss_Epoch/train_phase/train_stream/Task000');
    expect(getMetricName('StreamForgetting', ctx(exp([0])), { addTask: false })).toBe('StreamForgetting/eval_phase/test_stream');
    expect(getMetricName('Top1_Acc_Stream', ctx(exp([4])))).toBe('Top1_Acc_Stream/eval_phase/test_stream/Task004');
  });

  it('drops the task part when the experience has several task labels, or uses an explicit one', () => {
    expect(getMetricName('Top1_Acc_Stream', ctx(exp([0, 1])))).toBe('Top1_Acc_Stream/eval_phase/test_stream');
    expect(getMetricName('Top1_Acc_Exp', ctx(exp([0, 1])), { addExperience: true, addTask: 7 })).toBe('Top1_Acc_Exp/eval_phase/test_stream/Task007/Exp003');
  });
});
