import { Rng, initBackend } from '@avalanche-ts/core';
import { fakeScenario } from '@avalanche-ts/core/testing';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

function counts(targets: Int32Array): Record<number, number> {
  const out: Record<number, number> = {};
  for (const t of targets) out[t] = (out[t] ?? 0) + 1;
  return out;
}

describe('ClassBalancedBuffer', () => {
  it('keeps maxSize // nClassesSeen samples per class as classes arrive', () => {
    const exps = [...fakeScenario({ nExperiences: 3, classesPerExperience: 2, samplesPerClass: 20 }).trainStream];
    const buffer = new ClassBalancedBuffer({ maxSize: 14 });
    const rng = new Rng(0);
    buffer.update(exps[0], { rng });
    expect(counts(buffer.buffer!.targets)).toEqual({ 0: 7, 1: 7 });
    buffer.update(exps[1], { rng });
    expect(counts(buffer.buffer!.targets)).toEqual({ 0: 4, 1: 4, 2: 3, 3: 3 });
    buffer.update(exps[2], { rng });
    expect(counts(buffer.buffer!.targets)).toEqual({ 0: 3, 1: 3, 2: 2, 3: 2, 4: 2, 5: 2 });
    expect(buffer.classes).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('lets a class seen again compete with its stored samples (domain-incremental)', () => {
    const exp = [...fakeScenario({ nExperiences: 1, samplesPerClass: 30 }).trainStream][0];
    const again = { ...exp, currentExperience: 1 };
    const buffer = new ClassBalancedBuffer({ maxSize: 10 });
    const rng = new Rng(5);
    buffer.update(exp, { rng });
    buffer.update(again, { rng });
    expect(counts(buffer.buffer!.targets)).toEqual({ 0: 5, 1: 5 });
    const keys = (buffer.stateDict().groups as Array<{ keys: string[] }>).flatMap((g) => g.keys);
    expect(new Set(keys)).toEqual(new Set(['train/0', 'train/1']));
  });

  it('round-trips through stateDict', () => {
    const exps = [...fakeScenario({ nExperiences: 2 }).trainStream];
    const a = new ClassBalancedBuffer({ maxSize: 8 });
    a.update(exps[0], { rng: new Rng(1) });
    a.update(exps[1], { rng: new Rng(2) });
    const b = new ClassBalancedBuffer({ maxSize: 8 });
    b.loadStateDict(a.stateDict(), (key) => exps.find((e) => `train/${e.currentExperience}` === key)?.dataset);
    expect(b.stateDict()).toEqual(a.stateDict());
    expect(b.classes).toEqual([0, 1, 2, 3]);
  });
});
