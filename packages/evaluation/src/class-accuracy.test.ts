import { ClassAccuracy } from './class-accuracy.js';
import { AverageMeanClassAccuracy, MultiStreamAMCA } from './average-mean-class-accuracy.js';

describe('ClassAccuracy', () => {
  it('computes accuracy per task and class', () => {
    const acc = new ClassAccuracy();
    acc.update([0, 1, 1, 1, 2], [0, 0, 1, 1, 2], [0, 0, 0, 0, 1]);
    const r = acc.result();
    expect([...r.get(0)!.entries()]).toEqual([[0, 0.5], [1, 1]]);
    expect([...r.get(1)!.entries()]).toEqual([[2, 1]]);
  });

  it('tracks only the given classes, reporting 0 until seen', () => {
    const acc = new ClassAccuracy([3, 1]);
    expect([...acc.result().get(0)!.entries()]).toEqual([[1, 0], [3, 0]]);
    acc.update([1, 5], [1, 5], 0);
    expect([...acc.result().get(0)!.entries()]).toEqual([[1, 1], [3, 0]]);
    acc.reset();
    expect([...acc.result().get(0)!.entries()]).toEqual([[1, 0], [3, 0]]);
  });

  it('AMCA averages the mean class accuracy over phases', () => {
    const amca = new AverageMeanClassAccuracy();
    amca.nextExperience(); // ignored before any update
    amca.update([0, 1], [0, 0], 0); // class 0: 0.5 -> MCA 0.5
    expect(amca.result().get(0)).toBeCloseTo(0.5);
    amca.nextExperience();
    amca.update([0, 1], [0, 1], 0); // MCA 1
    expect(amca.result().get(0)).toBeCloseTo(0.75);
    amca.reset();
    expect(amca.result().size).toBe(0);
  });

  it('MultiStreamAMCA keeps streams apart and ignores untracked ones', () => {
    const ms = new MultiStreamAMCA(undefined, ['test']);
    ms.setStream('valid');
    ms.updateLabels([0], [1], [0]);
    ms.setStream('test');
    ms.updateLabels([1, 1], [1, 0], [0, 0]); // class 0: 0, class 1: 1 -> 0.5
    expect([...ms.result().keys()]).toEqual(['test']);
    expect(ms.result().get('test')!.get(0)).toBeCloseTo(0.5);
  });
});
