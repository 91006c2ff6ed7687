import { initBackend, StrategyError, type StrategyContext } from '@avalanche-ts/core';
import { TaskAwareAccuracy } from './accuracy.js';
import { evaluationPlugin } from './evaluation-plugin.js';
import { GenericPluginMetric, type PluginMetricResult } from './generic-plugin-metric.js';
import { minibatchView } from './minibatch-view.js';
import { fixture, predictionsOf, accuracyOf, testBackend } from './test-support/fixtures.js';
import { SimulatedLoop } from './test-support/simulated-loop.js';

/** A custom metric written as a user would: per-task accuracy per evaluated experience. */
class PerTaskExperienceAccuracy extends GenericPluginMetric {
  private readonly acc = new TaskAwareAccuracy();
  constructor() {
    super('Top1_Acc_Exp_PerTask', { resetAt: 'experience', emitAt: 'experience', mode: 'eval' });
  }
  reset(): void {
    this.acc.reset();
  }
  update(context: StrategyContext): void {
    const v = minibatchView(context, this.name);
    this.acc.updateLabels(v.predicted, v.targets, v.taskLabels);
  }
  result(): PluginMetricResult {
    return this.acc.result();
  }
}

describe('GenericPluginMetric', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('emits one value per task for a Map result, with the task in the name', async () => {
    const { model, test } = fixture();
    const evaluator = evaluationPlugin({ metrics: [new PerTaskExperienceAccuracy()] });
    const loop = new SimulatedLoop({ model, plugins: [evaluator] });
    const r = await loop.eval(test);
    const ref = predictionsOf(model, [test[1]]);
    expect(r['Top1_Acc_Exp_PerTask/eval_phase/test_stream/Task000/Exp001']).toBeCloseTo(accuracyOf(ref.predicted, ref.targets));
    expect(Object.keys(r)).toHaveLength(3);
    loop.dispose();
    model.dispose();
  });

  it('uses task-incremental labels and resets per experience', async () => {
    const { model } = fixture();
    const { fakeScenario } = await import('@avalanche-ts/core/testing');
    const sc = fakeScenario({ nExperiences: 2, taskLabels: true, testSamplesPerClass: 4 });
    const evaluator = evaluationPlugin({ metrics: [new PerTaskExperienceAccuracy()] });
    const loop = new SimulatedLoop({ model, plugins: [evaluator] });
    const r = await loop.eval(sc.testStream);
    expect(Object.keys(r).sort()).toEqual([
      'Top1_Acc_Exp_PerTask/eval_phase/test_stream/Task000/Exp000',
      'Top1_Acc_Exp_PerTask/eval_phase/test_stream/Task001/Exp001',
    ]);
    loop.dispose();
    model.dispose();
  });

  it('explains a hook without minibatch or output', () => {
    const metric = new PerTaskExperienceAccuracy();
    expect(() => metric.afterEvalIteration({ isTraining: false } as StrategyContext)).toThrow(StrategyError);
    expect(() => metric.afterEvalIteration({ isTraining: false } as StrategyContext)).toThrow(/Top1_Acc_Exp_PerTask needs context.minibatch and context.mbOutput/);
  });
});
