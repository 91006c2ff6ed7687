// The README's example, kept runnable: npx tsx scripts/readme-example.ts
import * as tf from '@tensorflow/tfjs';
import { Accuracy, accuracyMetrics, evaluationPlugin, forgettingMetrics, lossMetrics } from '../src/index.js'; // '@avalanche-ts/evaluation' in an app

// A standalone metric works in any loop: update / result / reset.
const accuracy = new Accuracy();
accuracy.update(tf.tensor2d([[2, 1], [0, 3], [1, 0]]), tf.tensor1d([0, 1, 1], 'int32'));
console.log('accuracy', accuracy.result()); // 0.666...

// The evaluator a training template takes; its train() / eval() return evaluator.getLastMetrics().
const evaluator = evaluationPlugin({
  metrics: [
    accuracyMetrics({ epoch: true, experience: true, stream: true }),
    lossMetrics({ epoch: true, stream: true }),
    forgettingMetrics({ experience: true, stream: true }),
  ],
  loggers: [{ name: 'console', logMetrics: (values) => values.forEach((v) => console.log(v.name, v.value)) }],
});
console.log('evaluator', evaluator.name, evaluator.metrics.map((m) => m.name).join(', '));
