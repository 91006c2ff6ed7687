// Writing a plugin: a plain object with a `name` and the hooks it needs (no base class). This one follows
// the training loop and changes it: it reports what each experience contains, keeps a running mean of
// the training loss, and stops training an experience early once that mean falls below a target
// (`controls.stopTraining()`), so easy experiences do not use their whole epoch budget.
// Run: pnpm --filter example-custom-plugin start   (after `pnpm build`)
import { initBackend, type StrategyPlugin } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { defaultEvaluator } from '@avalanche-ts/cli';
import { SimpleMLP } from '@avalanche-ts/models';
import { naive, sgd } from '@avalanche-ts/training';

/** Stops training an experience when an epoch's mean loss is below `target`. */
function lossTargetPlugin(target: number): StrategyPlugin & { epochsUsed: number[] } {
  let sum = 0;
  let count = 0;
  const epochsUsed: number[] = [];
  return {
    name: 'LossTargetPlugin',
    epochsUsed,
    beforeTrainingExp(context) {
      const counts = new Map<number, number>();
      for (const c of context.adaptedDataset!.targets) counts.set(c, (counts.get(c) ?? 0) + 1);
      console.log(`experience ${context.experience!.currentExperience}: ${[...counts].map(([c, n]) => `${n} x digit ${c}`).join(', ')}`);
    },
    beforeTrainingEpoch() {
      sum = 0;
      count = 0;
    },
    afterTrainingIteration(context) {
      // The loss tensor belongs to the template and is freed after this hook: read it, do not keep it.
      sum += context.loss!.dataSync()[0];
      count++;
    },
    afterTrainingEpoch(context, controls) {
      const mean = sum / count;
      const epoch = context.clock.trainExpEpochs;
      console.log(`  epoch ${epoch}: mean loss ${mean.toFixed(4)}`);
      if (mean < target) {
        console.log(`  below ${target}: stopping this experience after ${epoch + 1} epoch(s)`);
        controls.stopTraining();
      }
    },
    afterTrainingExp(context) {
      epochsUsed.push(context.clock.trainExpEpochs);
    },
  };
}

await initBackend();
const benchmark = await splitMNIST({ nExperiences: 5, seed: 0, trainSamplesPerClass: 200, testSamplesPerClass: 100 });
const model = new SimpleMLP({ numClasses: 10, hiddenSize: 128, dropRate: 0, seed: 0 });
const plugin = lossTargetPlugin(0.05);
const strategy = naive({
  model,
  optimizer: sgd({ lr: 0.01, momentum: 0.9 }),
  trainMbSize: 32,
  trainEpochs: 8,
  plugins: [plugin],
  evaluator: defaultEvaluator({ loggers: [] }),
  seed: 0,
});
for (const experience of benchmark.trainStream) await strategy.train(experience);
console.log(`epochs used per experience (budget 8): ${plugin.epochsUsed.join(', ')}`);
strategy.dispose();
model.dispose();
