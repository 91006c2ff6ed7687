// Online continual learning: every SplitMNIST experience is cut into sub-experiences of 16 samples
// (Avalanche's split_online_stream), each seen once in one minibatch, and the learner is not told where
// one task ends and the next begins. Replay keeps a reservoir of past samples for every minibatch.
// Run: pnpm --filter example-online-learning start   (after `pnpm build`)
import { initBackend } from '@avalanche-ts/core';
import { splitOnlineStream } from '@avalanche-ts/benchmarks';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { accuracyMetrics, evaluationPlugin } from '@avalanche-ts/evaluation';
import { SimpleMLP } from '@avalanche-ts/models';
import { ReservoirSamplingBuffer, replay, sgd } from '@avalanche-ts/training';

await initBackend();
const benchmark = await splitMNIST({ nExperiences: 5, seed: 0, trainSamplesPerClass: 200, testSamplesPerClass: 200 });
const online = splitOnlineStream(benchmark.trainStream, 16, { seed: 0 });

const model = new SimpleMLP({ numClasses: 10, hiddenSize: 256, dropRate: 0, seed: 0 });
const evaluator = evaluationPlugin({ metrics: accuracyMetrics({ stream: true }) });
// A reservoir (Vitter 1985) keeps a uniform sample of everything seen so far, whatever the number of
// sub-experiences; the default experience-balanced memory would split itself into tiny per-experience shares.
const storagePolicy = new ReservoirSamplingBuffer(200);
const strategy = replay({ model, optimizer: sgd({ lr: 0.05 }), storagePolicy, trainMbSize: 16, trainEpochs: 1, evalMbSize: 500, evaluator, seed: 0 });

let seen = 0;
for (const subExperience of online) {
  await strategy.train(subExperience);
  seen += subExperience.dataset.length;
  // Evaluate every 100 sub-experiences (1,600 samples) to watch accuracy while the stream flows.
  if (subExperience.currentExperience % 100 === 99) {
    const metrics = await strategy.eval(benchmark.testStream);
    console.log(`${seen} samples seen: test accuracy ${(metrics['Top1_Acc_Stream/eval_phase/test_stream/Task000'] as number).toFixed(4)}`);
  }
}
const metrics = await strategy.eval(benchmark.testStream);
console.log(`end of stream (${seen} samples, each seen once): test accuracy ${(metrics['Top1_Acc_Stream/eval_phase/test_stream/Task000'] as number).toFixed(4)}`);
strategy.dispose();
model.dispose();
