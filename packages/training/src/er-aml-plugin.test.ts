import * as tf from '@tensorflow/tfjs';
import { Rng, ValidationError, initBackend } from '@avalanche-ts/core';
import { roundTrip } from '../scripts/plugin-harness.js';
import { countStrategyTensors } from '../scripts/strategy-harness.js';
import { AmlCriterion } from './aml-criterion.js';
import { ErAmlPlugin } from './er-aml-plugin.js';
import { erAml } from './er-aml.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('AmlCriterion', () => {
  it('draws positives of the same class and negatives of another class of the same task', () => {
    const aml = new AmlCriterion();
    const { pos, neg } = aml.samplePositiveNegative([0, 1, 5], [0, 0, 0], [1, 0, 1, 2, 0], [0, 0, 0, 0, 1], new Rng(1));
    expect([1]).toContain(pos[0]);
    expect([1, 3]).toContain(neg[0]);
    expect([0, 2]).toContain(pos[1]);
    expect(pos[2]).toBe(-1);
    const anyTask = new AmlCriterion({ sameTaskNeg: false }).samplePositiveNegative([0], [0], [0, 1], [0, 1], new Rng(1));
    expect(anyTask.neg[0]).toBe(1);
  });

  it('is lower when anchors align with their positives than with their negatives', () => {
    const aml = new AmlCriterion();
    const h = tf.tensor2d([[1, 0], [0, 1]]);
    const y = tf.tensor1d([0, 1], 'int32');
    const good = aml.supConLoss(h, y, h, y, tf.tensor2d([[0, 1], [1, 0]]), tf.tensor1d([1, 0], 'int32')).dataSync()[0];
    const bad = aml.supConLoss(h, y, tf.tensor2d([[0, 1], [1, 0]]), y, h, tf.tensor1d([1, 0], 'int32')).dataSync()[0];
    expect(good).toBeLessThan(bad);
    // Each anchor has two equal positives at cosine 1 and two others at 0: −log ½ · τ/τ_b.
    expect(good).toBeCloseTo(Math.log(2) * (0.1 / 0.07), 3);
  });
});

describe('ErAmlPlugin / erAml', () => {
  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await countStrategyTensors((o, experiences) => erAml({ ...o, memSize: 20, batchSizeMem: 4, sources: experiences }));
    expect(run.counts[3]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('round-trips its class-balanced memory through stateDict', async () => {
    let result: { original: unknown; restored: unknown } | undefined;
    let plugin: ErAmlPlugin | undefined;
    await countStrategyTensors(
      (o, experiences) => {
        const s = erAml({ ...o, memSize: 20, sources: experiences });
        plugin = s.plugins.find((p): p is ErAmlPlugin => p instanceof ErAmlPlugin);
        return s;
      },
      {
        nExperiences: 2,
        afterTraining: async (_s, experiences) => {
          result = await roundTrip(plugin!, new ErAmlPlugin({ memSize: 20, sources: experiences }));
        },
      },
    );
    expect(result!.restored).toEqual(result!.original);
  });

  it('validates its options, naming the field and value', () => {
    expect(() => new ErAmlPlugin({ temp: 0 })).toThrow(ValidationError);
    expect(() => new ErAmlPlugin({ baseTemp: -1 })).toThrow(/baseTemp.*-1/);
    expect(() => new ErAmlPlugin({ sameTaskNeg: 'yes' as never })).toThrow(/sameTaskNeg/);
  });
});
