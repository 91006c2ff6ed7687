// Your own data as a continual-learning benchmark: plain arrays in, a class-incremental scenario out.
// Here the "data" are 6 classes of 2-D points on noisy rings (stand-ins for your features or images);
// datasetFromArrays takes number arrays, typed arrays or tensors, and ncBenchmark splits the classes
// into experiences exactly as SplitMNIST does for digits.
// Run: pnpm --filter example-custom-dataset start   (after `pnpm build`)
import { initBackend, Rng } from '@avalanche-ts/core';
import { datasetFromArrays, ncBenchmark } from '@avalanche-ts/benchmarks';
import { defaultEvaluator } from '@avalanche-ts/cli';
import { MLP } from '@avalanche-ts/models';
import { replay, sgd } from '@avalanche-ts/training';

await initBackend();

// 1. Arrays, as they might come from a CSV file or a database: one row of features and one label per sample.
function makeArrays(perClass: number, rng: Rng): { x: number[][]; y: number[] } {
  const x: number[][] = [];
  const y: number[] = [];
  for (let c = 0; c < 6; c++) {
    for (let i = 0; i < perClass; i++) {
      const angle = rng.next() * 2 * Math.PI;
      const radius = 1 + c + 0.25 * rng.normal();
      x.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
      y.push(c);
    }
  }
  return { x, y };
}
const rng = new Rng(0);
const trainArrays = makeArrays(200, rng);
const testArrays = makeArrays(50, rng);

// 2. Datasets (the sample shape is read from the nested arrays: [2]).
const train = datasetFromArrays({ x: trainArrays.x, y: trainArrays.y });
const test = datasetFromArrays({ x: testArrays.x, y: testArrays.y });

// 3. A benchmark: 3 experiences of 2 classes in a seeded random class order.
const benchmark = ncBenchmark(train, test, { nExperiences: 3, seed: 0 });
for (const experience of benchmark.trainStream) {
  console.log(`experience ${experience.currentExperience}: classes ${experience.classesInThisExperience.join(', ')}, ${experience.dataset.length} samples`);
}

// 4. Any strategy trains on it.
const model = new MLP({ inputSize: 2, hiddenSizes: [64, 64], numClasses: 6, seed: 0 });
const evaluator = defaultEvaluator({ loggers: [] });
const strategy = replay({ model, optimizer: sgd({ lr: 0.05, momentum: 0.9 }), memSize: 120, trainMbSize: 16, trainEpochs: 5, evaluator, seed: 0 });
for (const experience of benchmark.trainStream) {
  await strategy.train(experience);
  const metrics = await strategy.eval(benchmark.testStream);
  console.log(`after experience ${experience.currentExperience}: accuracy on all 6 classes ${(metrics['Top1_Acc_Stream/eval_phase/test_stream/Task000'] as number).toFixed(4)}`);
}
strategy.dispose();
model.dispose();
