import { BWT, Forgetting } from './forgetting.js';
import { ForwardTransfer } from './forward-transfer.js';

describe('Forgetting / BWT / ForwardTransfer', () => {
  it('forgetting is initial minus last, only for keys with both', () => {
    const f = new Forgetting();
    f.update(0, 0.9, true);
    f.update(1, 0.8, true);
    f.update(0, 0.6);
    f.update(2, 0.5);
    expect(f.result(0)).toBeCloseTo(0.3);
    expect(f.result(1)).toBeUndefined();
    expect([...f.result().keys()]).toEqual([0]);
    f.resetLast();
    expect(f.result(0)).toBeUndefined();
    f.update(0, 1);
    expect(f.result(0)).toBeCloseTo(-0.1);
  });

  it('BWT is the opposite of forgetting', () => {
    const b = new BWT();
    b.update(0, 0.9, true);
    b.update(0, 0.6);
    expect(b.result(0)).toBeCloseTo(-0.3);
  });

  it('forward transfer is previous minus initial', () => {
    const t = new ForwardTransfer();
    t.update(1, 0.1, true);
    t.update(2, 0.2, true);
    t.update(1, 0.4);
    expect(t.result(1)).toBeCloseTo(0.3);
    expect(t.result(2)).toBeUndefined();
    expect([...t.result().entries()].map(([k, v]) => [k, Number(v.toFixed(6))])).toEqual([[1, 0.3]]);
    t.reset();
    expect(t.result(1)).toBeUndefined();
  });
});
