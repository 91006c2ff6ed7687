import { initBackend, isEvaluator, PluginError, ValidationError, type Evaluator, type Logger, type MetricValue, type StrategyContext } from '@avalanche-ts/core';
import { accuracyMatrixMetrics } from './accuracy-matrix-metrics.js';
import { accuracyMetrics } from './accuracy-metrics.js';
import { amcaMetrics } from './amca-metrics.js';
import { evaluationPlugin } from './evaluation-plugin.js';
import { forgettingMetrics } from './forgetting-metrics.js';
import { forwardTransferMetrics } from './forward-transfer-metrics.js';
import { lossMetrics } from './loss-metrics.js';
import type { PluginMetric } from './plugin-metric.js';
import { fixture, recordingLogger, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

describe('evaluationPlugin', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('is a core Evaluator that feeds loggers and keeps the last values and the history', async () => {
    const { model, train, test } = fixture();
    const logger = recordingLogger();
    const evaluator = evaluationPlugin({ metrics: [accuracyMetrics({ epoch: true, stream: true }), lossMetrics({ minibatch: true })], loggers: logger });
    expect(isEvaluator(evaluator)).toBe(true);
    // Only hooks that some metric or logger uses are defined, so the dispatcher skips the others.
    expect((evaluator as Evaluator).beforeUpdate).toBeUndefined();
    expect(typeof (evaluator as Evaluator).afterTrainingIteration).toBe('function');
    const loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 10, trainEpochs: 2 });
    await loop.train(train[0]);
    await loop.eval(test);

    // logMetrics receives only non-empty batches, the logger's own hooks run after it.
    expect(logger.batches.every((b) => b.length > 0)).toBe(true);
    const names = logger.batches.flat().map((v) => v.name);
    expect(names.filter((n) => n.startsWith('Loss_MB'))).toHaveLength(6);
    expect(names.filter((n) => n.startsWith('Top1_Acc_Epoch'))).toHaveLength(2);
    expect(logger.hooks).toEqual(['afterTrainingEpoch', 'afterTrainingEpoch', 'afterEval']);
    const streamValue = logger.batches.flat().find((v) => v.name === 'Top1_Acc_Stream/eval_phase/test_stream/Task000')!;
    expect(streamValue.origin).toBe('StreamAccuracy');
    expect(streamValue.xPlot).toBe(6);

    const all = evaluator.getAllMetrics();
    expect(all['Loss_MB/train_phase/train_stream/Task000'].x).toEqual([0, 1, 2, 3, 4, 5]);
    expect(all['Top1_Acc_Epoch/train_phase/train_stream/Task000'].x).toEqual([3, 6]);
    const last = evaluator.getLastMetrics();
    expect(last['Top1_Acc_Epoch/train_phase/train_stream/Task000']).toBe(all['Top1_Acc_Epoch/train_phase/train_stream/Task000'].values[1]);

    // Checkpoint round trip of the recorded values.
    const copy = evaluationPlugin({ metrics: [] });
    copy.loadStateDict(evaluator.stateDict());
    expect(copy.getLastMetrics()).toEqual(last);
    expect(copy.getAllMetrics()).toEqual(all);

    evaluator.resetLastMetrics();
    expect(evaluator.getLastMetrics()).toEqual({});
    expect(Object.keys(evaluator.getAllMetrics()).length).toBe(3);
    loop.dispose();
    model.dispose();
  });

  it('collects no history when asked, and does nothing while inactive', async () => {
    const { model, test } = fixture();
    const evaluator = evaluationPlugin({ metrics: accuracyMetrics({ stream: true }), collectAllMetrics: false } as never);
    const loop = new SimulatedLoop({ model, plugins: [evaluator] });
    evaluator.active = false;
    expect(await loop.eval(test)).toEqual({});
    evaluator.active = true;
    expect(Object.keys(await loop.eval(test))).toEqual(['Top1_Acc_Stream/eval_phase/test_stream/Task000']);
    expect(evaluator.getAllMetrics()).toEqual({});
    loop.dispose();
    model.dispose();
  });

  it('awaits asynchronous metrics and logger hooks in order', async () => {
    const { model, test } = fixture();
    const order: string[] = [];
    const slowMetric: PluginMetric = {
      name: 'Slow',
      afterEval: async (context: StrategyContext): Promise<MetricValue[]> => {
        await new Promise((r) => setTimeout(r, 5));
        order.push('metric');
        return [{ origin: 'Slow', name: 'Slow/eval_phase/test_stream', value: 1, xPlot: context.clock.trainIterations }];
      },
    };
    const slowLogger: Logger = {
      name: 'SlowLogger',
      logMetrics: (values) => order.push(`log:${values.map((v) => v.name).join(',')}`),
      afterEval: async () => {
        await new Promise((r) => setTimeout(r, 5));
        order.push('logger hook');
      },
    };
    const evaluator = evaluationPlugin({ metrics: [slowMetric, accuracyMetrics({ stream: true })], loggers: [slowLogger] });
    const loop = new SimulatedLoop({ model, plugins: [evaluator] });
    const r = await loop.eval(test);
    expect(order).toEqual(['metric', 'log:Slow/eval_phase/test_stream,Top1_Acc_Stream/eval_phase/test_stream/Task000', 'logger hook']);
    expect(r['Slow/eval_phase/test_stream']).toBe(1);
    loop.dispose();
    model.dispose();
  });

  it('names a failing metric or logger in a PluginError', async () => {
    const { model, test } = fixture();
    const broken: PluginMetric = {
      name: 'Broken',
      afterEvalExp: () => {
        throw new Error('boom');
      },
    };
    const loop = new SimulatedLoop({ model, plugins: [evaluationPlugin({ metrics: [broken] })] });
    const error = await loop.eval(test).catch((e: unknown) => e);
    expect(PluginError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/EvaluationPlugin\[metric Broken\].*afterEvalExp.*boom/);
    const badLogger: Logger = {
      name: 'BadLogger',
      logMetrics: () => {
        throw new Error('disk full');
      },
    };
    const loop2 = new SimulatedLoop({ model, plugins: [evaluationPlugin({ metrics: accuracyMetrics({ stream: true }), loggers: badLogger })] });
    await expect(loop2.eval(test)).rejects.toThrow(/EvaluationPlugin\[logger BadLogger\].*afterEval.*disk full/);
    loop.dispose();
    loop2.dispose();
    model.dispose();
  });

  it('resumes cross-phase metrics exactly from its stateDict', async () => {
    const make = () =>
      evaluationPlugin({
        metrics: [
          accuracyMetrics({ stream: true, trainedExperience: true }),
          forgettingMetrics({ experience: true, stream: true }),
          forwardTransferMetrics({ experience: true, stream: true }),
          accuracyMatrixMetrics(),
          amcaMetrics(),
        ],
      });
    const run = async (checkpointAfter: number | undefined) => {
      const { model, train, test } = fixture(5);
      let evaluator = make();
      let loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8, trainEpochs: 2 });
      await loop.eval(test);
      for (let e = 0; e < 3; e++) {
        await loop.train(train[e]);
        await loop.eval(test);
        if (e === checkpointAfter) {
          // Through JSON, as a checkpoint file would carry it, into fresh metric objects.
          const saved = JSON.parse(JSON.stringify(evaluator.stateDict()));
          const { clock, trainedExperiences } = loop.context;
          loop.dispose();
          evaluator = make();
          evaluator.loadStateDict(saved);
          loop = new SimulatedLoop({ model, plugins: [evaluator], trainMbSize: 8, trainEpochs: 2 });
          loop.context.clock = clock;
          loop.context.trainedExperiences = trainedExperiences;
        }
      }
      const last = evaluator.getLastMetrics();
      loop.dispose();
      model.dispose();
      return last;
    };
    const straight = await run(undefined);
    const resumed = await run(0);
    expect(resumed).toEqual(straight);
    expect(straight['StreamForgetting/eval_phase/test_stream'] as number).toBeGreaterThan(0);
    expect((straight['EvalStream/Acc_Matrix'] as number[][])[2][2]).toBeGreaterThan(0);
  });

  it('validates its options', () => {
    expect(() => evaluationPlugin({ metrics: [42 as never] })).toThrow(ValidationError);
    expect(() => evaluationPlugin({ metrics: [42 as never] })).toThrow(/evaluationPlugin options\.metrics\.0/);
    expect(() => evaluationPlugin({ metrics: [], loggers: [{ name: 'x' } as never] })).toThrow(/loggers/);
    expect(() => evaluationPlugin({ metrics: [], collectAll: true } as never)).toThrow(/collectAll/);
  });
});
