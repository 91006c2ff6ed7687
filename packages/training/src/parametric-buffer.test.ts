import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend, type ContinualModel } from '@avalanche-ts/core';
import { InMemoryDataset, TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { closestToCenterSelection, herdingSelection, randomSelection } from './exemplars-selection-strategy.js';
import { ParametricBuffer } from './parametric-buffer.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

/** Features = the raw 2-d input (an identity "model"). */
class IdentityFeatures extends TinyModel {
  override getFeatures(x: tf.Tensor): tf.Tensor2D {
    return x.reshape([x.shape[0], -1]) as tf.Tensor2D;
  }
}
const identity: ContinualModel = new IdentityFeatures({ inputSize: 2, nClasses: 2 });

function points(coords: number[][]): InMemoryDataset {
  return new InMemoryDataset(Float32Array.from(coords.flat()), [2], new Int32Array(coords.length), new Int32Array(coords.length));
}

describe('exemplar selection strategies', () => {
  const data = points([[10, 0], [0, 0], [1, 1], [-1, -1], [0, 10]]);
  const context = { rng: new Rng(0), model: new TinyModel({ inputSize: 2, nClasses: 2 }) };
  const withFeatures = (m: ContinualModel) => ({ ...context, model: m });

  it('closest-to-center orders by distance to the feature mean', () => {
    // Mean is (2, 2): distances 68, 8, 2, 18, 68.
    const order = closestToCenterSelection((_m, x) => x.reshape([x.shape[0], -1]) as tf.Tensor2D).makeSortedIndices(data, context, 5);
    expect([...order]).toEqual([2, 1, 3, 0, 4]);
  });

  it('herding keeps the running mean of the picks closest to the mean', () => {
    const order = herdingSelection((_m, x) => x.reshape([x.shape[0], -1]) as tf.Tensor2D).makeSortedIndices(data, context, 3);
    // Step 1: (1,1) is closest to (2,2). Step 2: mean with (10,0) is (5.5,.5) d=14.5; with (0,10): (.5,5.5) d=14.5;
    // with (0,0): (.5,.5) d=4.5; with (-1,-1): (0,0) d=8 -> (0,0). Step 3: (10,0)->(11/3,1/3) d=5.56 vs (0,10) same -> first.
    expect([...order.subarray(0, 3)]).toEqual([2, 1, 0]);
    expect(new Set(order).size).toBe(5);
  });

  it('uses model.getFeatures by default and random selection is a permutation', () => {
    const order = closestToCenterSelection().makeSortedIndices(data, withFeatures(identity), 5);
    expect([...order]).toEqual([2, 1, 3, 0, 4]);
    expect([...randomSelection().makeSortedIndices(data, context, 5)].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(() => herdingSelection().makeSortedIndices(data, { rng: new Rng(0) }, 2)).toThrow(/model/);
  });
});

describe('ParametricBuffer', () => {
  it('groups by class and keeps the top-ranked samples of each group', () => {
    const exps = [...fakeScenario({ nExperiences: 2, samplesPerClass: 10, inputSize: 2 }).trainStream];
    const buffer = new ParametricBuffer({ maxSize: 8, groupBy: 'class', selectionStrategy: closestToCenterSelection((_m, x) => x as tf.Tensor2D) });
    const context = { rng: new Rng(0), model: new TinyModel({ inputSize: 2, nClasses: 4 }) };
    buffer.update(exps[0], context);
    expect([...buffer.bufferGroups.values()].map((g) => g.length)).toEqual([4, 4]);
    buffer.update(exps[1], context);
    expect([...buffer.bufferGroups.values()].map((g) => g.length)).toEqual([2, 2, 2, 2]);
    // After shrinking, class 0 keeps its 2 samples closest to its center.
    const ds = exps[0].dataset;
    const idx = Int32Array.from({ length: ds.length }, (_, i) => i).filter((i) => ds.targets[i] === 0);
    const expected = closestToCenterSelection((_m, x) => x as tf.Tensor2D).makeSortedIndices(ds.subset(idx), context, 2);
    const keptIdx = (buffer.stateDict().groups as Array<{ viewIndices: Int32Array[] }>)[0].viewIndices[0];
    expect([...keptIdx].sort((a, b) => a - b)).toEqual([idx[expected[0]], idx[expected[1]]].sort((a, b) => a - b));
  });

  it('groups by experience or not at all, and round-trips through stateDict', () => {
    const exps = [...fakeScenario({ nExperiences: 2 }).trainStream];
    const a = new ParametricBuffer({ maxSize: 6, groupBy: 'experience' });
    a.update(exps[0], { rng: new Rng(0) });
    a.update(exps[1], { rng: new Rng(1) });
    expect([...a.bufferGroups.keys()]).toEqual([0, 1]);
    expect(a.length).toBe(6);
    const b = new ParametricBuffer({ maxSize: 6, groupBy: 'experience' });
    b.loadStateDict(a.stateDict(), (key) => exps.find((e) => `train/${e.currentExperience}` === key)?.dataset);
    expect(b.stateDict()).toEqual(a.stateDict());
    const single = new ParametricBuffer({ maxSize: 5 });
    single.update(exps[0], { rng: new Rng(0) });
    single.update(exps[1], { rng: new Rng(0) });
    expect(single.length).toBe(5);
  });
});
