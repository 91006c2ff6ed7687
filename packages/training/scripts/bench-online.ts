// Online vs offline training throughput of the online strategies on class-incremental SplitMNIST
// (MNIST-10k, 5 experiences): each strategy trains once on the 5 experiences ("offline") and once on the
// same samples cut by splitOnlineStream into experiences of 10 samples, one train() call each ("online"),
// both with trainMbSize 10, one epoch, a SimpleMLP 784-256-10 (SCR: the same encoder with a projection
// head; CoPE: 100 embedding outputs). Both runs take the same number of iterations of the same size, so
// online − offline time is the per-experience overhead (dataset adaptation, loaders, hooks, buffer
// updates). CoPE stops after maxItCnt iterations per experience; its offline run lifts that limit.
// Rounds alternate offline / online and the best of `--rounds` is printed; on a shared machine run it
// when it is quiet (wall-clock times).
//
//   npx tsx scripts/bench-online.ts [--backend wasm|cpu] [--per-class 200] [--rounds 2]
import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend, type BackendChoice, type ContinualModel, type Experience } from '@avalanche-ts/core';
import { splitOnlineStream } from '@avalanche-ts/benchmarks';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { Activation, Linear, ScrModel, Sequential, SimpleMLP } from '@avalanche-ts/models';
import { cope } from '../src/cope.js';
import { erAce } from '../src/er-ace.js';
import { mir } from '../src/mir.js';
import { naive } from '../src/naive.js';
import { replay } from '../src/replay.js';
import { scr } from '../src/scr.js';
import { sgd } from '../src/sgd.js';
import type { StrategyOptions } from '../src/strategy-options.js';
import type { SupervisedTemplate } from '../src/supervised-template.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const backend = arg('backend', 'wasm') as BackendChoice;
const perClass = Number(arg('per-class', '200'));
const rounds = Number(arg('rounds', '2'));
const mbSize = 10;

interface Candidate {
  readonly name: string;
  readonly model: () => ContinualModel;
  readonly make: (o: StrategyOptions, online: boolean) => SupervisedTemplate;
}

const mlp = (numClasses = 10) => () => new SimpleMLP({ hiddenSize: 256, dropRate: 0, numClasses });
const scrModel = () => {
  const rng = new Rng(0);
  return new ScrModel({
    featureExtractor: new Sequential([new Linear(784, 256, rng), new Activation('relu')]),
    projection: new Sequential([new Linear(256, 128, rng), new Activation('relu'), new Linear(128, 64, rng)]),
  });
};
const candidates: Candidate[] = [
  { name: 'Naive', model: mlp(), make: (o) => naive(o) },
  { name: 'Replay (online replay)', model: mlp(), make: (o) => replay({ ...o, memSize: 200 }) },
  { name: 'ER-ACE', model: mlp(), make: (o) => erAce({ ...o }) },
  { name: 'MIR (subsample 50, mem batch 10)', model: mlp(), make: (o) => mir({ ...o, subsample: 50, batchSizeMem: 10 }) },
  { name: 'SCR', model: scrModel, make: (o) => scr({ ...o }) },
  { name: 'CoPE', model: mlp(100), make: (o, online) => cope({ ...o, maxItCnt: online ? 1 : 1_000_000 }) },
];

const report = await initBackend({ backend });
const scenario = await splitMNIST({ nExperiences: 5, trainSamplesPerClass: perClass, testSamplesPerClass: 10, seed: 0 });
const offline = [...scenario.trainStream];
// Materialise the online stream once so both runs pay only for training, not for splitting.
const online = [...splitOnlineStream(scenario.trainStream, mbSize)];
const samples = offline.reduce((n, e) => n + e.dataset.length, 0);

/** Wall-clock seconds of training only (the wasm backend may run worker threads, so CPU time over-counts). */
async function trainSeconds(c: Candidate, experiences: Experience[], isOnline: boolean): Promise<number> {
  const model = c.model();
  const strategy = c.make({ model, optimizer: sgd({ lr: 0.05 }), trainMbSize: mbSize, trainEpochs: 1, evalMbSize: 256, seed: 0 }, isOnline);
  const start = performance.now();
  for (const exp of experiences) await strategy.train(exp);
  const seconds = (performance.now() - start) / 1000;
  strategy.dispose();
  model.dispose();
  return seconds;
}

console.log(`backend ${report.active}; SplitMNIST ${samples} samples; offline ${offline.length} experiences, online ${online.length} experiences of ${mbSize}; trainMbSize ${mbSize}; best of ${rounds}`);
console.log('| strategy | offline samples/s | online samples/s | online/offline | overhead per online experience (ms) |');
console.log('|---|---:|---:|---:|---:|');
// Warm-up: kernels compiled, wasm memory grown.
await trainSeconds(candidates[0], offline.slice(0, 1), false);
for (const c of candidates) {
  const off: number[] = [];
  const on: number[] = [];
  for (let r = 0; r < rounds; r++) {
    off.push(await trainSeconds(c, offline, false));
    on.push(await trainSeconds(c, online, true));
  }
  const tOff = Math.min(...off);
  const tOn = Math.min(...on);
  const perExp = ((tOn - tOff) * 1000) / (online.length - offline.length);
  console.log(`| ${c.name} | ${(samples / tOff).toFixed(0)} | ${(samples / tOn).toFixed(0)} | ${(tOff / tOn).toFixed(2)} | ${perExp.toFixed(2)} |`);
}
console.log(`live tensors at exit: ${tf.memory().numTensors}`);
