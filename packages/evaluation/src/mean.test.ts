import { Mean, Sum } from './mean.js';

describe('Mean / Sum', () => {
  it('weights values and is 0 when empty', () => {
    const m = new Mean();
    expect(m.result()).toBe(0);
    m.update(1, 3);
    m.update(0, 1);
    expect(m.result()).toBeCloseTo(0.75);
    expect(m.totalWeight).toBe(4);
    m.reset();
    expect(m.result()).toBe(0);
    m.update(2, 0);
    expect(m.result()).toBe(0);
  });

  it('sums', () => {
    const s = new Sum();
    s.update(2);
    s.update(-0.5);
    expect(s.result()).toBe(1.5);
    s.reset();
    expect(s.result()).toBe(0);
  });
});
