import * as tf from '@tensorflow/tfjs';
import { StrategyError, initBackend } from '@avalanche-ts/core';
import { TinyModel } from '@avalanche-ts/core/testing';
import { roundTrip, trainCounting } from '../scripts/plugin-harness.js';
import { CwrStarPlugin } from './cwr-star-plugin.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

/** fc2.weight of a TinyModel with 2 hidden units and 3 classes, set to `w` ([2, 3], column j = class j). */
function modelWith(w: number[][]): TinyModel {
  const model = new TinyModel({ inputSize: 2, hiddenSize: 2, nClasses: 3 });
  const weight = model.namedParameters().find(([n]) => n === 'fc2.weight')![1];
  tf.tidy(() => weight.assign(tf.tensor2d(w)));
  return model;
}

const columns = (model: TinyModel) => (model.namedParameters().find(([n]) => n === 'fc2.weight')![1].arraySync() as number[][]);

describe('CwrStarPlugin', () => {
  it('finds the last linear layer by default and a named one, and fails clearly on a bad name', () => {
    const model = modelWith([[0, 0, 0], [0, 0, 0]]);
    expect(new CwrStarPlugin().cwrWeight(model).layer).toBe('fc2');
    expect(new CwrStarPlugin({ cwrLayerName: 'fc1' }).cwrWeight(model).layer).toBe('fc1');
    expect(() => new CwrStarPlugin({ cwrLayerName: 'nope' }).cwrWeight(model)).toThrow(StrategyError);
    model.dispose();
  });

  it('resets, consolidates with the mean shift and averages with sqrt(past/cur) weights', () => {
    const plugin = new CwrStarPlugin();
    const model = modelWith([[9, 9, 9], [9, 9, 9]]);
    plugin.beginExperience(model, new Map([[0, 4], [1, 4]]));
    expect(columns(model)).toEqual([[0, 0, 0], [0, 0, 0]]);
    // Trained weights of classes 0 and 1; their global mean is 2.5.
    tf.tidy(() => model.namedParameters()[2][1].assign(tf.tensor2d([[1, 3, 7], [2, 4, 7]])));
    plugin.consolidate(model);
    // cw_0 = (1, 2) - 2.5, cw_1 = (3, 4) - 2.5; class 2 was not trained, so it keeps its value.
    expect(columns(model)).toEqual([[-1.5, 0.5, 7], [-0.5, 1.5, 7]]);
    // Class 1 again with 1 example (past 4): the reset restores cw_1 and zeroes the others.
    plugin.beginExperience(model, new Map([[1, 1], [2, 3]]));
    expect(columns(model)).toEqual([[0, 0.5, 0], [0, 1.5, 0]]);
    tf.tidy(() => model.namedParameters()[2][1].assign(tf.tensor2d([[0, 5, 1], [0, 5, 1]])));
    plugin.consolidate(model);
    // avg over classes 1 and 2 = 3; new w_1 - avg = (2, 2), wpast = sqrt(4/1) = 2: cw_1 = (2·cw_1 + 2) / 3.
    const after = columns(model);
    expect(after[0][1]).toBeCloseTo((2 * 0.5 + 2) / 3, 5);
    expect(after[1][1]).toBeCloseTo((2 * 1.5 + 2) / 3, 5);
    expect([after[0][2], after[1][2]]).toEqual([-2, -2]);
    expect([after[0][0], after[1][0]]).toEqual([-1.5, -0.5]);
    model.dispose();
  });

  it('freezes everything but the CWR layer after the first experience, keeps no tensors, and round-trips its state', async () => {
    let frozen: string[] = [];
    let state: { original: unknown; restored: unknown } | undefined;
    const run = await trainCounting(() => new CwrStarPlugin(), {
      nExperiences: 3,
      beforeDispose: async (plugin, model) => {
        frozen = model.namedParameters().filter(([, v]) => !v.trainable).map(([n]) => n);
        const fresh = new CwrStarPlugin();
        state = await roundTrip(plugin, fresh);
      },
    });
    expect(frozen).toEqual(['fc1.weight', 'fc1.bias']);
    expect(run.counts[2]).toBe(run.counts[0]);
    expect(run.afterDispose).toBe(run.before);
    expect(state!.restored).toEqual(state!.original);
    expect((state!.original as { classes: number[] }).classes).toEqual([0, 1, 2, 3, 4, 5]);
    run.model.dispose();
  });
});
