import * as tf from '@tensorflow/tfjs';
import { ValidationError, initBackend } from '@avalanche-ts/core';
import { roundTrip } from '../scripts/plugin-harness.js';
import { countStrategyTensors } from '../scripts/strategy-harness.js';
import { aceLoss } from './ace-criterion.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { ErAcePlugin } from './er-ace-plugin.js';
import { erAce } from './er-ace.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

describe('aceLoss', () => {
  it('scores the incoming batch on its own classes only and the memory batch on all, averaged', () => {
    const outIn = tf.tensor2d([[1, 2, 3, 4], [0, 5, 1, -1]]);
    const yIn = tf.tensor1d([1, 2], 'int32');
    const outBuf = tf.tensor2d([[2, 0, 0, 1]]);
    const yBuf = tf.tensor1d([3], 'int32');
    const loss = aceLoss(outIn, yIn, outBuf, yBuf).dataSync()[0];
    // Incoming: softmax over columns {1, 2} only.
    const lse = (a: number, b: number) => Math.log(Math.exp(a) + Math.exp(b));
    const lossIn = (lse(2, 3) - 2 + (lse(5, 1) - 1)) / 2;
    const lossBuf = Math.log(Math.exp(2) + 2 + Math.exp(1)) - 1;
    expect(loss).toBeCloseTo((lossIn + lossBuf) / 2, 5);
    const oneClass = aceLoss(outIn, tf.tensor1d([2, 2], 'int32'), outBuf, yBuf).dataSync()[0];
    expect(oneClass).toBeCloseTo(crossEntropyLoss(outBuf, yBuf).dataSync()[0] / 2, 5);
  });
});

describe('ErAcePlugin / erAce', () => {
  it('keeps a constant number of tensors per experience and frees them on dispose', async () => {
    const run = await countStrategyTensors((o, experiences) => erAce({ ...o, memSize: 20, batchSizeMem: 4, sources: experiences }));
    expect(run.counts[3]).toBe(run.counts[1]);
    expect(run.afterDispose).toBe(run.before);
  });

  it('round-trips its class-balanced memory through stateDict', async () => {
    let result: { original: unknown; restored: unknown } | undefined;
    let plugin: ErAcePlugin | undefined;
    await countStrategyTensors(
      (o, experiences) => {
        const s = erAce({ ...o, memSize: 20, sources: experiences });
        plugin = s.plugins.find((p): p is ErAcePlugin => p instanceof ErAcePlugin);
        return s;
      },
      {
        nExperiences: 2,
        afterTraining: async (_s, experiences) => {
          expect(plugin!.memory.policy.classes).toEqual([0, 1, 2, 3]);
          const fresh = new ErAcePlugin({ memSize: 20, sources: experiences });
          result = await roundTrip(plugin!, fresh);
        },
      },
    );
    expect(result!.restored).toEqual(result!.original);
  });

  it('validates its options, naming the field and value', () => {
    expect(() => new ErAcePlugin({ memSize: 0 })).toThrow(ValidationError);
    expect(() => new ErAcePlugin({ batchSizeMem: 2.5 })).toThrow(/batchSizeMem.*2\.5/);
    expect(() => new ErAcePlugin({ memSize: 10, extra: 1 } as never)).toThrow(/extra/);
  });
});
