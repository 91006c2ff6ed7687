// Final accuracy and forgetting of every strategy against Naive, same seed, on the scenario each one
// targets: class-incremental SplitMNIST (Replay, GDumb); domain-incremental SplitMNIST (labels 0/1 in
// every experience, one shared head) and PermutedMNIST (EWC, SI, MAS, LwF, A-GEM, GEM). Task-incremental
// SplitMNIST with a multi-head MLP is available (--only split-ti) but Naive hardly forgets there at this
// scale, so it separates nothing.
//
//   npx tsx scripts/forgetting-comparison.ts [--train-per-class 300] [--test-per-class 100] [--epochs 1] [--lr 0.1] [--seed 0] [--only split-ci,split-di,permuted]
//
// Needs the sibling packages' dist (npx tsc -p tsconfig.build.json in core, models, benchmarks).
import { initBackend, type Experience } from '@avalanche-ts/core';
import { permutedMNIST, splitMNIST } from '@avalanche-ts/benchmarks/node';
import { MTSimpleMLP, SimpleMLP } from '@avalanche-ts/models';
import { agem } from '../src/agem.js';
import { ClassBalancedBuffer } from '../src/class-balanced-buffer.js';
import { herdingSelection } from '../src/exemplars-selection-strategy.js';
import { ewc } from '../src/ewc.js';
import { gdumb } from '../src/gdumb.js';
import { gem } from '../src/gem.js';
import { lwf } from '../src/lwf.js';
import { mas } from '../src/mas.js';
import { naive } from '../src/naive.js';
import { ParametricBuffer } from '../src/parametric-buffer.js';
import { replay } from '../src/replay.js';
import { sgd } from '../src/sgd.js';
import type { StrategyOptions } from '../src/strategy-options.js';
import type { SupervisedTemplate } from '../src/supervised-template.js';
import { synapticIntelligence } from '../src/synaptic-intelligence.js';
import { accuracyEvaluator, formatRow, runStrategy, type RunResult } from './forgetting-harness.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const trainPerClass = Number(arg('train-per-class', '300'));
const testPerClass = Number(arg('test-per-class', '100'));
const epochs = Number(arg('epochs', '1'));
const seed = Number(arg('seed', '0'));
const only = arg('only', 'split-ci,split-di,permuted').split(',');
const mbSize = 32;
const lr = Number(arg('lr', '0.1'));

type Factory = (common: StrategyOptions) => SupervisedTemplate;

async function compare(title: string, makeModel: () => StrategyOptions['model'], lr: number, streams: { train: Experience[]; test: Experience[] }, entries: Array<[string, Factory]>) {
  console.log(`\n### ${title}\n`);
  console.log('| strategy                     | final acc % | forgetting % | seconds |');
  console.log('|------------------------------|--------|--------|--------|');
  const results: RunResult[] = [];
  for (const [name, factory] of entries) {
    const model = makeModel();
    const evaluator = accuracyEvaluator();
    const strategy = factory({ model, optimizer: sgd({ lr }), trainMbSize: mbSize, trainEpochs: epochs, evalMbSize: 256, evaluator, seed });
    const result = await runStrategy(name, strategy, evaluator, streams.train, streams.test);
    strategy.dispose();
    model.dispose();
    results.push(result);
    console.log(formatRow(result));
  }
  return results;
}

async function main() {
  const backend = await initBackend();
  console.log(`backend ${backend.active}; ${trainPerClass} train / ${testPerClass} test images per class; ${epochs} epoch(s); minibatch ${mbSize}; plain SGD lr ${lr}; seed ${seed}`);

  if (only.includes('split-ci')) {
    const bm = await splitMNIST({ nExperiences: 5, seed, trainSamplesPerClass: trainPerClass, testSamplesPerClass: testPerClass });
    const streams = { train: [...bm.trainStream], test: [...bm.testStream] };
    await compare('Class-incremental SplitMNIST (5 experiences, SimpleMLP 784-256-10, no dropout)', () => new SimpleMLP({ seed, hiddenSize: 256, dropRate: 0 }), lr, streams, [
      ['Naive', (o) => naive(o)],
      ['Replay (200, exp-balanced)', (o) => replay({ ...o, memSize: 200 })],
      ['Replay (200, class-balanced)', (o) => replay({ ...o, storagePolicy: new ClassBalancedBuffer({ maxSize: 200 }) })],
      ['Replay (200, herding/class)', (o) => replay({ ...o, storagePolicy: new ParametricBuffer({ maxSize: 200, groupBy: 'class', selectionStrategy: herdingSelection() }) })],
      ['GDumb (200, 5 epochs)', (o) => gdumb({ ...o, trainEpochs: 5 * epochs, memSize: 200 })],
    ]);
  }

  if (only.includes('split-ti')) {
    const bm = await splitMNIST({ nExperiences: 5, seed, returnTaskId: true, trainSamplesPerClass: trainPerClass, testSamplesPerClass: testPerClass });
    const streams = { train: [...bm.trainStream], test: [...bm.testStream] };
    await compare('Task-incremental SplitMNIST (5 tasks, MTSimpleMLP multi-head, no dropout)', () => new MTSimpleMLP({ seed, hiddenSize: 256, dropRate: 0 }), lr, streams, regularisers());
  }

  if (only.includes('split-di')) {
    const bm = await splitMNIST({ nExperiences: 5, seed, classIdsFromZeroInEachExp: true, trainSamplesPerClass: trainPerClass, testSamplesPerClass: testPerClass });
    const streams = { train: [...bm.trainStream], test: [...bm.testStream] };
    await compare('Domain-incremental SplitMNIST (5 experiences, labels 0/1, SimpleMLP 784-256-2, no dropout)', () => new SimpleMLP({ seed, numClasses: 2, hiddenSize: 256, dropRate: 0 }), lr, streams, regularisers());
  }

  if (only.includes('permuted')) {
    const bm = await permutedMNIST({ nExperiences: 3, seed, trainSamplesPerClass: trainPerClass, testSamplesPerClass: testPerClass });
    const streams = { train: [...bm.trainStream], test: [...bm.testStream] };
    await compare('PermutedMNIST (3 experiences, SimpleMLP 784-256-10, no dropout)', () => new SimpleMLP({ seed, hiddenSize: 256, dropRate: 0 }), lr, streams, regularisers());
  }
}

function regularisers(): Array<[string, Factory]> {
  return [
    ['Naive', (o) => naive(o)],
    ['EWC (λ=300, separate)', (o) => ewc({ ...o, ewcLambda: 300 })],
    ['EWC (λ=1000, online γ=0.5)', (o) => ewc({ ...o, ewcLambda: 1000, mode: 'online', decayFactor: 0.5 })],
    ['SI (λ=1000)', (o) => synapticIntelligence({ ...o, siLambda: 1000 })],
    ['MAS (λ=1, α=0.5)', (o) => mas({ ...o, lambdaReg: 1 })],
    ['LwF (α=1, T=2)', (o) => lwf({ ...o, alpha: 1, temperature: 2 })],
    ['A-GEM (64/exp, sample 64)', (o) => agem({ ...o, patternsPerExp: 64, sampleSize: 64 })],
    ['GEM (64/exp, γ=0.5)', (o) => gem({ ...o, patternsPerExp: 64, memoryStrength: 0.5 })],
  ];
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
