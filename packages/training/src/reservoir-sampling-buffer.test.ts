import { Rng, type Experience } from '@avalanche-ts/core';
import { InMemoryDataset, fakeScenario } from '@avalanche-ts/core/testing';
import { initBackend } from '@avalanche-ts/core';
import { ReservoirSamplingBuffer } from './reservoir-sampling-buffer.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

/** A dataset whose single feature is the sample's id, so a batch shows which samples it holds. */
function idDataset(n: number, offset = 0): InMemoryDataset {
  const data = Float32Array.from({ length: n }, (_, i) => offset + i);
  return new InMemoryDataset(data, [1], new Int32Array(n), new Int32Array(n));
}

function storedIds(buffer: ReservoirSamplingBuffer): number[] {
  const view = buffer.buffer!;
  const batch = view.getBatch(Int32Array.from({ length: view.length }, (_, i) => i));
  const ids = Array.from(batch.x.dataSync());
  batch.x.dispose();
  batch.y.dispose();
  batch.taskLabels.dispose();
  return ids.sort((a, b) => a - b);
}

describe('ReservoirSamplingBuffer', () => {
  it('keeps maxSize samples as an index view of its sources', () => {
    const buffer = new ReservoirSamplingBuffer(20);
    const rng = new Rng(1);
    buffer.updateFromDataset(idDataset(50), 'a', rng);
    buffer.updateFromDataset(idDataset(50, 1000), 'b', rng);
    expect(buffer.length).toBe(20);
    const ids = storedIds(buffer);
    expect(new Set(ids).size).toBe(20);
    expect(ids.every((id) => (id >= 0 && id < 50) || (id >= 1000 && id < 1050))).toBe(true);
  });

  it('keeps every sample seen with the same probability (reservoir property)', () => {
    // 200 runs, 2 updates of 30 samples into 12 places: each sample is kept with probability 12/60.
    const keptFromFirst: number[] = [];
    for (let seed = 0; seed < 200; seed++) {
      const buffer = new ReservoirSamplingBuffer(12);
      const rng = new Rng(seed);
      buffer.updateFromDataset(idDataset(30), 'a', rng);
      buffer.updateFromDataset(idDataset(30, 100), 'b', rng);
      keptFromFirst.push(storedIds(buffer).filter((id) => id < 100).length);
    }
    const mean = keptFromFirst.reduce((a, b) => a + b, 0) / keptFromFirst.length;
    expect(mean).toBeGreaterThan(5.3);
    expect(mean).toBeLessThan(6.7);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const run = (seed: number) => {
      const b = new ReservoirSamplingBuffer(10);
      b.updateFromDataset(idDataset(100), 'a', new Rng(seed));
      return storedIds(b);
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('shrinks by dropping the lowest weights, keeping the rest', () => {
    const b = new ReservoirSamplingBuffer(10);
    b.updateFromDataset(idDataset(40), 'a', new Rng(0));
    const before = storedIds(b);
    b.resize(4);
    const after = storedIds(b);
    expect(after).toHaveLength(4);
    expect(after.every((id) => before.includes(id))).toBe(true);
  });

  it('rebuilds its view only when it changed', () => {
    const b = new ReservoirSamplingBuffer(10);
    b.updateFromDataset(idDataset(5), 'a', new Rng(0));
    const v1 = b.buffer;
    expect(b.buffer).toBe(v1);
    b.updateFromDataset(idDataset(5, 10), 'b', new Rng(0));
    expect(b.buffer).not.toBe(v1);
  });

  it('round-trips its state through stateDict and continues identically', () => {
    const a = idDataset(60);
    const c = idDataset(60, 500);
    const original = new ReservoirSamplingBuffer(15);
    const rng = new Rng(9);
    original.updateFromDataset(a, 'train/0', rng);
    const restored = new ReservoirSamplingBuffer(1);
    restored.loadStateDict(original.stateDict(), (key) => (key === 'train/0' ? a : undefined));
    expect(storedIds(restored)).toEqual(storedIds(original));
    const rngState = rng.getState();
    original.updateFromDataset(c, 'train/1', rng);
    restored.updateFromDataset(c, 'train/1', new Rng(rngState));
    expect(storedIds(restored)).toEqual(storedIds(original));
  });

  it('names the missing source when a state cannot be resolved', () => {
    const original = new ReservoirSamplingBuffer(5);
    original.updateFromDataset(idDataset(10), 'train/3', new Rng(0));
    expect(() => new ReservoirSamplingBuffer(5).loadStateDict(original.stateDict(), () => undefined)).toThrow(/train\/3/);
  });

  it('updates from an experience under its stream/index key', () => {
    const exp: Experience = [...fakeScenario({ nExperiences: 1 }).trainStream][0];
    const b = new ReservoirSamplingBuffer(7);
    b.update(exp, { rng: new Rng(0) });
    expect(b.length).toBe(7);
    expect(b.stateDict().keys).toEqual(['train/0']);
  });

  it('validates maxSize', () => {
    expect(() => new ReservoirSamplingBuffer(-1)).toThrow(/maxSize/);
  });
});
