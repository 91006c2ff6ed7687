// Task-incremental learning with a multi-head model: SplitMNIST where each experience is a task with its
// own label (returnTaskId), and MTSimpleMLP keeps one output head per task (Avalanche's MultiHeadClassifier).
// At test time the task label picks the head, so each task is a 2-way problem; forgetting stays small
// even with naive fine-tuning, because old heads are never trained again (only the shared features drift).
// Run: pnpm --filter example-task-incremental-multihead start   (after `pnpm build`)
import { initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { accuracyMetrics, evaluationPlugin, forgettingMetrics } from '@avalanche-ts/evaluation';
import { textLogger } from '@avalanche-ts/loggers';
import { MTSimpleMLP } from '@avalanche-ts/models';
import { naive, sgd } from '@avalanche-ts/training';

await initBackend();
const benchmark = await splitMNIST({ nExperiences: 5, returnTaskId: true, classIdsFromZeroInEachExp: true, seed: 0, trainSamplesPerClass: 300 });

// The heads grow when the template adapts the model to each new experience (core's AdaptiveModule).
const model = new MTSimpleMLP({ hiddenSize: 256, dropRate: 0, seed: 0 });
const evaluator = evaluationPlugin({
  metrics: [...accuracyMetrics({ experience: true, stream: true }), ...forgettingMetrics({ experience: true, stream: true })],
  loggers: [textLogger()],
});
const strategy = naive({ model, optimizer: sgd({ lr: 0.01, momentum: 0.9 }), trainMbSize: 32, evalMbSize: 256, evaluator, seed: 0 });

for (const experience of benchmark.trainStream) {
  console.log(`task ${experience.taskLabels.join(',')}: classes ${experience.classesInThisExperience.join(', ')}`);
  await strategy.train(experience);
  await strategy.eval(benchmark.testStream);
}
const last = evaluator.getLastMetrics();
const accuracy = Object.entries(last).find(([k]) => k.startsWith('Top1_Acc_Stream/eval_phase/test_stream'))?.[1] as number;
console.log(`task-incremental accuracy over the 5 tasks: ${accuracy.toFixed(4)}, forgetting ${(last['StreamForgetting/eval_phase/test_stream'] as number).toFixed(4)}`);
strategy.dispose();
model.dispose();
