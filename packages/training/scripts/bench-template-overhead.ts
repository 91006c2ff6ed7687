// Per-iteration time of Naive through the SupervisedTemplate against a bare TensorFlow.js loop on the same
// batches (SimpleMLP 784-512-10 with dropout, batch 128, plain SGD). Both loops build each batch with the
// dataset's getBatch, run the forward pass with a dropout seed inside tf.variableGrads and apply SGD.
// Runs alternate (A, B, A, B, ...) so machine noise hits both; the medians and their ratio are printed, in
// wall-clock time and in this process's CPU time (steadier on a shared, loaded machine).
//
//   npx tsx scripts/bench-template-overhead.ts [--backend wasm|cpu] [--rounds 9] [--batches 40]
import * as tf from '@tensorflow/tfjs';
import { Rng, disposeMinibatch, initBackend, type BackendChoice, type ClassificationDataset } from '@avalanche-ts/core';
import type { ContinualModel, Experience } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { SimpleMLP } from '@avalanche-ts/models';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { crossEntropyLoss } from '../src/cross-entropy-loss.js';
import { naive } from '../src/naive.js';
import { sgd } from '../src/sgd.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const backend = arg('backend', 'wasm') as BackendChoice;
const rounds = Number(arg('rounds', '9'));
const batches = Number(arg('batches', '40'));
const batchSize = 128;

const report = await initBackend({ backend });
// All ten digits of MNIST-10k, as one experience (the first `batches` x 128 samples are used).
const scenario = await splitMNIST({ nExperiences: 1, seed: 0 });
const experience = [...scenario.trainStream][0];
const indices = Int32Array.from({ length: batches * batchSize }, (_, i) => i);
const mnist: Experience = { ...experience, dataset: experience.dataset.train().subset(indices) };
// A tiny model on 8-value inputs: the tensor work almost vanishes, so the difference is the template's own cost.
const fake = [...fakeScenario({ nExperiences: 1, classesPerExperience: 10, samplesPerClass: Math.ceil((batches * batchSize) / 10), seed: 0 }).trainStream][0];
const tiny: Experience = { ...fake, dataset: fake.dataset.subset(indices) };

/** Wall-clock and CPU milliseconds per iteration of `fn`. */
async function timed(fn: () => unknown): Promise<[number, number]> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  return [wall / batches, (cpu.user + cpu.system) / 1000 / batches];
}

async function templateRound(model: ContinualModel, exp: Experience, seed: number): Promise<[number, number]> {
  const strategy = naive({ model, optimizer: sgd({ lr: 0.01 }), trainMbSize: batchSize, trainEpochs: 1, seed });
  const t = await timed(() => strategy.train(exp));
  strategy.dispose();
  return t;
}

async function bareRound(model: ContinualModel, dataset: ClassificationDataset, seed: number): Promise<[number, number]> {
  const optimizer = tf.train.sgd(0.01);
  const t = await timed(() => bareLoop(model, dataset, seed, optimizer));
  optimizer.dispose();
  return t;
}

function bareLoop(model: ContinualModel, dataset: ClassificationDataset, seed: number, optimizer: tf.Optimizer): void {
  const rng = new Rng(seed);
  const vars = model.namedParameters().map(([, v]) => v);
  const order = rng.permutation(dataset.length);
  model.setTraining(true);
  for (let b = 0; b < batches; b++) {
    const mb = dataset.getBatch(order.subarray(b * batchSize, (b + 1) * batchSize), { rng });
    const dropoutSeed = rng.nextSeed();
    const { value, grads } = tf.variableGrads(() => crossEntropyLoss(model.forward(mb.x, { taskLabels: mb.taskLabels, seed: dropoutSeed }), mb.y), vars);
    optimizer.applyGradients(grads);
    tf.dispose([value, ...Object.values(grads)]);
    disposeMinibatch(mb);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(', ');

async function compare(label: string, model: ContinualModel, exp: Experience, nRounds: number): Promise<void> {
  // Warm-up: kernels compiled, buffers allocated.
  await templateRound(model, exp, 0);
  await bareRound(model, exp.dataset, 0);
  const bare: Array<[number, number]> = [];
  const template: Array<[number, number]> = [];
  for (let r = 0; r < nRounds; r++) {
    // Alternate the order so a slow phase of the machine hits both loops.
    if (r % 2 === 0) {
      bare.push(await bareRound(model, exp.dataset, r));
      template.push(await templateRound(model, exp, r));
    } else {
      template.push(await templateRound(model, exp, r));
      bare.push(await bareRound(model, exp.dataset, r));
    }
  }
  console.log(`${label}, batch ${batchSize}, ${batches} iterations x ${nRounds} rounds`);
  for (const [k, kind] of [[0, 'wall'], [1, 'cpu ']] as const) {
    const b = bare.map((x) => x[k]);
    const t = template.map((x) => x[k]);
    const ratios = t.map((x, i) => x / b[i]);
    const diffUs = t.map((x, i) => (x - b[i]) * 1000);
    console.log(
      `  ${kind}: bare ${median(b).toFixed(3)} ms/it, template ${median(t).toFixed(3)} ms/it; ` +
        `overhead median ratio ${((median(ratios) - 1) * 100).toFixed(1)}% [${fmt(ratios.map((x) => (x - 1) * 100))}], median diff ${median(diffUs).toFixed(0)} us/it`,
    );
  }
}

console.log(`backend ${report.active} (${report.tfjsBackend})`);
const tinyModel = new TinyModel({ inputSize: 8, hiddenSize: 8, nClasses: 10, seed: 1 });
await compare('TinyModel 8-8-10 (template cost alone)', tinyModel, tiny, rounds * 3);
tinyModel.dispose();
const mlp = new SimpleMLP({ seed: 1 });
await compare('SimpleMLP 784-512-10 with dropout (target < 5%)', mlp, mnist, rounds);
mlp.dispose();
console.log(`tensors alive at the end: ${tf.memory().numTensors}`);
