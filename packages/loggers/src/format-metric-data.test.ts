import { expandMetricValues, formatMetricData, isMatrix, isVector } from './format-metric-data.js';

describe('formatMetricData', () => {
  it('prints numbers as %.4f and non-finite values as Python does', () => {
    expect(formatMetricData(0.5)).toBe('0.5000');
    expect(formatMetricData(1)).toBe('1.0000');
    expect(formatMetricData(2 / 3)).toBe('0.6667');
    expect(formatMetricData(Number.NaN)).toBe('nan');
    expect(formatMetricData(-Infinity)).toBe('-inf');
  });

  it('prints vectors and matrices on a new line, one row per line', () => {
    expect(formatMetricData([0.25, 1])).toBe('\n[0.2500, 1.0000]');
    expect(formatMetricData([[1, 0], [0.5, 0.5]])).toBe('\n[[1.0000, 0.0000],\n [0.5000, 0.5000]]');
    expect(formatMetricData({ a: 1 })).toBe('a: 1.0000');
  });

  it('tells vectors from matrices', () => {
    expect(isMatrix([[1]])).toBe(true);
    expect(isVector([1, 2])).toBe(true);
    expect(isVector([[1]])).toBe(false);
    expect(isVector(3)).toBe(false);
  });
});

describe('expandMetricValues', () => {
  it('expands dict values to name/key and keeps the rest', () => {
    const values = expandMetricValues([
      { origin: 'ClassAccuracy', name: 'Top1_ClassAcc_Exp/eval_phase/test_stream/Task000/Exp000', value: { 3: 0.5, 7: 1 }, xPlot: 4 },
      { origin: 'Accuracy', name: 'Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000', value: 0.75, xPlot: 4 },
    ]);
    expect(values.map((v) => [v.name, v.value])).toEqual([
      ['Top1_ClassAcc_Exp/eval_phase/test_stream/Task000/Exp000/3', 0.5],
      ['Top1_ClassAcc_Exp/eval_phase/test_stream/Task000/Exp000/7', 1],
      ['Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000', 0.75],
    ]);
    expect(values.every((v) => v.xPlot === 4)).toBe(true);
  });
});
