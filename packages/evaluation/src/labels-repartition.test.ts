import { LabelsRepartition } from './labels-repartition.js';

describe('LabelsRepartition', () => {
  it('counts labels per task, in class order when given', () => {
    const r = new LabelsRepartition();
    r.update([0, 0, 0, 1], [3, 1, 3, 2]);
    expect([...r.result().get(0)!.entries()]).toEqual([[1, 1], [3, 2]]);
    expect([...r.result().get(1)!.entries()]).toEqual([[2, 1]]);
    r.update([0], [1], [3, 1, 2]);
    expect([...r.result().get(0)!.entries()]).toEqual([[3, 2], [1, 2]]);
    expect(() => r.update([0], [1, 2])).toThrow(/task labels/);
    r.reset();
    expect(r.result().size).toBe(0);
  });
});
