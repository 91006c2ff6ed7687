import { Rng } from './rng.js';
import { ValidationError } from './errors.js';

describe('Rng', () => {
  it('gives the same numbers for the same seed and different ones for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('restores its exact state', () => {
    const rng = new Rng(7);
    rng.next();
    const state = rng.getState();
    const after = [rng.next(), rng.int(10), rng.normal()];
    const restored = new Rng(state);
    expect([restored.next(), restored.int(10), restored.normal()]).toEqual(after);
  });

  it('produces roughly uniform floats and unbiased ints', () => {
    const rng = new Rng(1);
    const counts = new Array(5).fill(0);
    let sum = 0;
    for (let i = 0; i < 50000; i++) {
      const f = rng.next();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      sum += f;
      counts[rng.int(5)]++;
    }
    expect(sum / 50000).toBeCloseTo(0.5, 1);
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
  });

  it('shuffles into a permutation and samples distinct indices', () => {
    const rng = new Rng(3);
    const perm = Array.from(rng.permutation(100));
    expect([...perm].sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(perm).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    const picked = Array.from(rng.sampleIndices(1000, 50));
    expect(new Set(picked).size).toBe(50);
    expect(picked.every((i: number) => i >= 0 && i < 1000)).toBe(true);
  });

  it('rejects bad seeds and states with a ValidationError', () => {
    expect(() => new Rng(Number.NaN)).toThrow(ValidationError);
    expect(() => new Rng([0, 0, 0, 0])).toThrow(/all zeros/);
    expect(() => new Rng([1, 2, 3] as unknown as [number, number, number, number])).toThrow(/four unsigned/);
    expect(() => new Rng(1).int(0)).toThrow(/int\(maxExclusive\)/);
  });
});
