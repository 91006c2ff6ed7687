// Class-incremental learning with experience replay (Rolnick et al. 2019; Avalanche's `Replay`), compared
// with naive fine-tuning. SplitMNIST: 5 experiences of 2 digits each; at test time the model must tell all
// 10 digits apart without knowing the experience (no task labels), which is where naive fine-tuning forgets.
// Run: pnpm --filter example-class-incremental-replay start   (after `pnpm build`; about a minute)
import { initBackend } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { defaultEvaluator } from '@avalanche-ts/cli';
import { SimpleMLP } from '@avalanche-ts/models';
import { naive, replay, sgd, type SupervisedTemplate } from '@avalanche-ts/training';

const backend = await initBackend();
console.log(`backend: ${backend.active}`);

// 500 training images per digit from MNIST-10k keep the example quick; the test set is the real MNIST one.
const benchmark = await splitMNIST({ nExperiences: 5, seed: 0, trainSamplesPerClass: 500 });
console.log(benchmark.description);

async function run(name: string, build: (common: Parameters<typeof naive>[0]) => SupervisedTemplate): Promise<number> {
  const model = new SimpleMLP({ numClasses: 10, hiddenSize: 256, dropRate: 0, seed: 0 });
  // The CLI's default evaluator: accuracy, loss and forgetting, printed by the interactive logger; `[]` keeps it quiet.
  const evaluator = defaultEvaluator({ loggers: [] });
  const strategy = build({ model, optimizer: sgd({ lr: 0.01, momentum: 0.9 }), trainMbSize: 32, evalMbSize: 500, evaluator, seed: 0 });
  let accuracy = 0;
  for (const experience of benchmark.trainStream) {
    await strategy.train(experience);
    const metrics = await strategy.eval(benchmark.testStream);
    accuracy = metrics['Top1_Acc_Stream/eval_phase/test_stream/Task000'] as number;
    console.log(`${name}: after experience ${experience.currentExperience} (digits ${experience.classesInThisExperience.join(', ')}), test accuracy ${accuracy.toFixed(4)}`);
  }
  strategy.dispose();
  model.dispose();
  return accuracy;
}

const naiveAccuracy = await run('naive', (common) => naive(common));
// From the second experience on, every minibatch of 32 new samples gets 32 samples from a 500-sample memory
// that holds an equal share of every past experience.
const replayAccuracy = await run('replay', (common) => replay({ ...common, memSize: 500 }));
console.log(`final accuracy on all 10 digits: naive ${naiveAccuracy.toFixed(4)}, replay ${replayAccuracy.toFixed(4)}`);
