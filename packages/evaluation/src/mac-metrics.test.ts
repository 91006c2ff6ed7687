import { initBackend, type Evaluator } from '@avalanche-ts/core';
import { countTensorsAfter } from '@avalanche-ts/core/testing';
import { evaluationPlugin } from './evaluation-plugin.js';
import { macMetrics } from './mac-metrics.js';
import { fixture, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

describe('macMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('emits the MACs of one sample through the loop, asynchronously only on the first trace', async () => {
    const { model, train, test } = fixture();
    const evaluator = evaluationPlugin({ metrics: macMetrics({ minibatch: true, epoch: true, experience: true }) });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8 });
    const expected = 8 * 16 + 16 * 6;
    const r = await loop.train(train[0]);
    expect(r['MAC_MB/train_phase/train_stream/Task000']).toBe(expected);
    expect(r['MAC_Epoch/train_phase/train_stream/Task000']).toBe(expected);
    const e = await loop.eval(test);
    expect(e['MAC_Exp/eval_phase/test_stream/Task000/Exp001']).toBe(expected);
    expect(evaluator.getAllMetrics()['MAC_MB/train_phase/train_stream/Task000'].values).toHaveLength(3);
    // Later iterations hit the cache: the hook returns synchronously.
    const hook = (evaluator as Evaluator).afterTrainingIteration!;
    loop.context.isTraining = true;
    loop.context.minibatch = train[0].dataset.getBatch([0, 1]);
    expect(hook(loop.context, {} as never)).toBeUndefined();
    const { x, y, taskLabels } = loop.context.minibatch;
    x.dispose();
    y.dispose();
    taskLabels.dispose();
    loop.context.minibatch = undefined;
    expect(await countTensorsAfter(() => loop.eval(test))).toBe(0);
    loop.dispose();
    model.dispose();
  });
});
