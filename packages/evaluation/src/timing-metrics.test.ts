import { initBackend } from '@avalanche-ts/core';
import { evaluationPlugin } from './evaluation-plugin.js';
import type { ProcessProbe } from './process-probe.js';
import { fixture, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';
import { timingMetrics } from './timing-metrics.js';

/** A clock that advances 1 s every time it is read, so every span's length is known from the hook order. */
function tickingProbe(): ProcessProbe {
  let t = 0;
  return { now: () => (t += 1000), memoryBytes: () => undefined, cpuMicros: () => undefined };
}

describe('timingMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('times every granularity in seconds under Avalanche names', async () => {
    const { model, train, test } = fixture();
    // One ticking clock per metric: each read advances 1 s, so a span lasts as many seconds as it has
    // iterations (one read when it starts, one after each iteration).
    const metrics = (['minibatch', 'epoch', 'epochRunning', 'experience', 'stream'] as const).flatMap((g) => timingMetrics({ [g]: true }, tickingProbe()));
    const evaluator = evaluationPlugin({ metrics });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 10, evalMbSize: 6 });
    const r = await loop.train(train[0]);
    expect(r['Time_MB/train_phase/train_stream/Task000']).toBe(1);
    expect(r['Time_Epoch/train_phase/train_stream/Task000']).toBe(3); // 24 samples, batches of 10
    expect(r['RunningTime_Epoch/train_phase/train_stream/Task000']).toBe(1);
    const e = await loop.eval(test);
    expect(e['Time_Exp/eval_phase/test_stream/Task000/Exp000']).toBe(2); // 10 samples, batches of 6
    expect(e['Time_Stream/eval_phase/test_stream/Task000']).toBe(6);
    loop.dispose();
    model.dispose();
  });

  it('measures real wall time with the default probe', async () => {
    const { model, test } = fixture();
    const evaluator = evaluationPlugin({ metrics: timingMetrics({ stream: true }) });
    const loop = new SimulatedLoop({ model, plugins: [evaluator] });
    const started = performance.now();
    const r = await loop.eval(test);
    const elapsed = (performance.now() - started) / 1000;
    const t = r['Time_Stream/eval_phase/test_stream/Task000'] as number;
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThanOrEqual(elapsed);
    loop.dispose();
    model.dispose();
  });
});
