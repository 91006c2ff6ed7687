import { Rng, initBackend } from '@avalanche-ts/core';
import { fakeScenario } from '@avalanche-ts/core/testing';
import { ExperienceBalancedBuffer } from './experience-balanced-buffer.js';
import { groupLengths } from './storage-policy.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('ExperienceBalancedBuffer', () => {
  it('shares the capacity between experiences, remainder to the first ones', () => {
    const exps = [...fakeScenario({ nExperiences: 3, samplesPerClass: 20 }).trainStream];
    const buffer = new ExperienceBalancedBuffer({ maxSize: 10 });
    const rng = new Rng(0);
    buffer.update(exps[0], { rng });
    expect([...buffer.bufferGroups.values()].map((g) => g.length)).toEqual([10]);
    buffer.update(exps[1], { rng });
    expect([...buffer.bufferGroups.values()].map((g) => g.length)).toEqual([5, 5]);
    buffer.update(exps[2], { rng });
    expect([...buffer.bufferGroups.values()].map((g) => g.length)).toEqual([4, 3, 3]);
    expect(buffer.buffer!.length).toBe(10);
    // Each group holds only its experience's classes.
    const targets = [...buffer.buffer!.targets];
    expect(targets.slice(0, 4).every((c) => c === 0 || c === 1)).toBe(true);
    expect(targets.slice(7).every((c) => c === 4 || c === 5)).toBe(true);
  });

  it('gives fixed shares without adaptive size', () => {
    expect(groupLengths(10, 2, false, 5)).toEqual([2, 2]);
    expect(() => new ExperienceBalancedBuffer({ maxSize: 10, adaptiveSize: false })).toThrow(/numExperiences/);
    const exps = [...fakeScenario({ nExperiences: 2 }).trainStream];
    const buffer = new ExperienceBalancedBuffer({ maxSize: 10, adaptiveSize: false, numExperiences: 5 });
    buffer.update(exps[0], { rng: new Rng(0) });
    expect(buffer.length).toBe(2);
  });

  it('round-trips through stateDict', () => {
    const exps = [...fakeScenario({ nExperiences: 3 }).trainStream];
    const a = new ExperienceBalancedBuffer({ maxSize: 9 });
    const rng = new Rng(2);
    a.update(exps[0], { rng });
    a.update(exps[1], { rng });
    const b = new ExperienceBalancedBuffer({ maxSize: 9 });
    b.loadStateDict(a.stateDict(), (key) => exps.find((e) => `train/${e.currentExperience}` === key)?.dataset);
    expect([...b.buffer!.targets]).toEqual([...a.buffer!.targets]);
    const state = rng.getState();
    a.update(exps[2], { rng });
    b.update(exps[2], { rng: new Rng(state) });
    expect(b.stateDict()).toEqual(a.stateDict());
  });
});
