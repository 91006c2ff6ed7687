// Writing a metric: a plugin metric is an object with a `name` and hooks that return the values to emit.
// This one measures how confident the model is on each evaluated experience: the mean over samples of the
// largest softmax probability, C = (1/N) Σ_i max_k softmax(z_i)_k. In class-incremental learning a naive
// model stays confident on old classes while getting them wrong, which this makes visible next to accuracy.
// Run: pnpm --filter example-custom-metric start   (after `pnpm build`)
import * as tf from '@tensorflow/tfjs';
import { initBackend, type MetricValue, type StrategyContext } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { accuracyMetrics, evaluationPlugin, getMetricName, type PluginMetric } from '@avalanche-ts/evaluation';
import { textLogger } from '@avalanche-ts/loggers';
import { SimpleMLP } from '@avalanche-ts/models';
import { naive, sgd } from '@avalanche-ts/training';

/** `MeanConfidence_Exp`: mean top-1 softmax probability per evaluated experience. */
function meanConfidenceMetric(): PluginMetric {
  let sum = 0;
  let count = 0;
  return {
    name: 'MeanConfidence_Exp',
    reset() {
      sum = 0;
      count = 0;
    },
    beforeEvalExp() {
      sum = 0;
      count = 0;
    },
    afterEvalIteration(context: StrategyContext) {
      // The output belongs to the template: compute inside tidy and keep only numbers.
      const batchSum = tf.tidy(() => tf.max(tf.softmax(context.mbOutput!), 1).sum().dataSync()[0]);
      sum += batchSum;
      count += context.mbOutput!.shape[0];
    },
    afterEvalExp(context: StrategyContext): MetricValue[] {
      const name = getMetricName('MeanConfidence_Exp', context, { addExperience: true });
      return [{ origin: 'MeanConfidence', name, value: count > 0 ? sum / count : 0, xPlot: context.clock.trainIterations }];
    },
  };
}

await initBackend();
const benchmark = await splitMNIST({ nExperiences: 5, seed: 0, trainSamplesPerClass: 200, testSamplesPerClass: 100 });
const model = new SimpleMLP({ numClasses: 10, hiddenSize: 128, dropRate: 0, seed: 0 });
const evaluator = evaluationPlugin({ metrics: [...accuracyMetrics({ experience: true }), meanConfidenceMetric()], loggers: [textLogger()] });
const strategy = naive({ model, optimizer: sgd({ lr: 0.01, momentum: 0.9 }), trainMbSize: 32, evalMbSize: 500, evaluator, seed: 0 });
for (const experience of benchmark.trainStream) {
  await strategy.train(experience);
  await strategy.eval(benchmark.testStream);
}
const last = evaluator.getLastMetrics();
for (let e = 0; e < 5; e++) {
  const exp = `Task000/Exp00${e}`;
  const accuracy = last[`Top1_Acc_Exp/eval_phase/test_stream/${exp}`] as number;
  const confidence = last[`MeanConfidence_Exp/eval_phase/test_stream/${exp}`] as number;
  console.log(`experience ${e}: accuracy ${accuracy.toFixed(4)}, mean confidence ${confidence.toFixed(4)}`);
}
strategy.dispose();
model.dispose();
