import * as tf from '@tensorflow/tfjs';
import { ValidationError, initBackend } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { roundTrip } from '../scripts/plugin-harness.js';
import { countStrategyTensors } from '../scripts/strategy-harness.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { MirPlugin, mirInterference } from './mir-plugin.js';
import { mir } from './mir.js';
import { batchGradients } from './parameter-tensors.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('mirInterference', () => {
  it('is zero for a zero step, positive for a step up the batch loss, and leaves the weights unchanged', () => {
    const [exp] = fakeScenario({ nExperiences: 1, samplesPerClass: 6 }).trainStream;
    const model = new TinyModel({ inputSize: 8, nClasses: 2, seed: 2 });
    const batch = exp.dataset.getBatch(Int32Array.from({ length: 12 }, (_, i) => i));
    const weights = model.namedParameters().map(([, v]) => Array.from(v.dataSync()));
    const grads = batchGradients(model, batch, (out, b) => crossEntropyLoss(out, b.y));
    const zero = Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.zerosLike(g)]));
    const ascent = Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.neg(g)]));
    expect(Array.from(mirInterference(model, batch, zero, 0.5, 1)).every((d) => Math.abs(d) < 1e-6)).toBe(true);
    const up = mirInterference(model, batch, ascent, 0.5, 1);
    expect(up.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(model.namedParameters().map(([, v]) => Array.from(v.dataSync()))).toEqual(weights);
    tf.dispose([...Object.values(grads), ...Object.values(zero), ...Object.values(ascent), batch.x, batch.y, batch.taskLabels]);
    model.dispose();
  });
});

describe('MirPlugin / mir', () => {
  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await countStrategyTensors((o, experiences) => mir({ ...o, memSize: 20, subsample: 10, batchSizeMem: 4, sources: experiences }));
    expect(run.counts[3]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('round-trips its class-balanced memory through stateDict', async () => {
    let result: { original: unknown; restored: unknown } | undefined;
    let plugin: MirPlugin | undefined;
    await countStrategyTensors(
      (o, experiences) => {
        const s = mir({ ...o, memSize: 20, sources: experiences });
        plugin = s.plugins.find((p): p is MirPlugin => p instanceof MirPlugin);
        return s;
      },
      {
        nExperiences: 2,
        afterTraining: async (_s, experiences) => {
          result = await roundTrip(plugin!, new MirPlugin({ memSize: 20, sources: experiences }));
        },
      },
    );
    expect(result!.restored).toEqual(result!.original);
  });

  it('validates its options, naming the field and value', () => {
    expect(() => new MirPlugin({ subsample: 0 })).toThrow(ValidationError);
    expect(() => new MirPlugin({ memSize: 1.5 })).toThrow(/memSize.*1\.5/);
    expect(() => new MirPlugin({ batchSizeMem: -2 })).toThrow(/batchSizeMem/);
  });
});
