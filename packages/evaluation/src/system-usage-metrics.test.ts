import { initBackend } from '@avalanche-ts/core';
import { cpuUsageMetrics } from './cpu-usage-metrics.js';
import { evaluationPlugin } from './evaluation-plugin.js';
import { ramUsageMetrics } from './ram-usage-metrics.js';
import { fixture, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

describe('ramUsageMetrics / cpuUsageMetrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it("report Node's process figures under Avalanche names", async () => {
    const { model, train, test } = fixture();
    const evaluator = evaluationPlugin({
      metrics: [
        ramUsageMetrics({ minibatch: true, epoch: true, experience: true, stream: true }),
        cpuUsageMetrics({ minibatch: true, epoch: true, epochRunning: true, experience: true, stream: true }),
      ],
    });
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8 });
    const r = await loop.train(train[0]);
    const rssMiB = process.memoryUsage().rss / 2 ** 20;
    for (const name of ['MaxRAMUsage_MB', 'MaxRAMUsage_Epoch']) {
      const v = r[`${name}/train_phase/train_stream/Task000`] as number;
      expect(v).toBeGreaterThan(10);
      expect(v).toBeLessThan(rssMiB * 2);
    }
    for (const name of ['CPUUsage_MB', 'CPUUsage_Epoch', 'RunningCPUUsage_Epoch']) {
      const v = r[`${name}/train_phase/train_stream/Task000`] as number;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(100 * 64);
    }
    const e = await loop.eval(test);
    expect(e['MaxRAMUsage_Experience/eval_phase/test_stream/Task000/Exp002']).toBeGreaterThan(10);
    expect(e['MaxRAMUsage_Stream/eval_phase/test_stream/Task000']).toBeGreaterThan(10);
    expect(e['CPUUsage_Stream/eval_phase/test_stream/Task000']).toBeGreaterThan(0);
    expect(e['CPUUsage_Exp/eval_phase/test_stream/Task000/Exp000']).toBeGreaterThanOrEqual(0);
    loop.dispose();
    model.dispose();
  });

  it('emit nothing where the runtime has no figure (browser without process)', async () => {
    const none = { now: () => performance.now(), memoryBytes: () => undefined, cpuMicros: () => undefined };
    const { model, test } = fixture();
    const evaluator = evaluationPlugin({ metrics: [ramUsageMetrics({ stream: true }, none), cpuUsageMetrics({ stream: true }, none)] });
    const loop = new SimulatedLoop({ model, plugins: [evaluator] });
    expect(await loop.eval(test)).toEqual({});
    expect(() => ramUsageMetrics({ every: -1 })).toThrow(/every/);
    loop.dispose();
    model.dispose();
  });
});
