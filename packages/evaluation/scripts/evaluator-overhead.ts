// Measures what the evaluation plugin costs per training iteration, and prints the metrics of a
// class-incremental run on real MNIST digits. Usage: npx tsx scripts/evaluator-overhead.ts [wasm|cpu]
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { classesOf, initBackend, taskLabelsOf, type BackendChoice, type Experience, type StrategyPlugin } from '@avalanche-ts/core';
import { InMemoryDataset, TinyModel } from '@avalanche-ts/core/testing';
import {
  accuracyMatrixMetrics,
  accuracyMetrics,
  bwtMetrics,
  confusionMatrixMetrics,
  cpuUsageMetrics,
  evaluationPlugin,
  forgettingMetrics,
  lossMetrics,
  ramUsageMetrics,
  timingMetrics,
} from '../src/index.js';
import { SimulatedLoop } from '../src/test-support/simulated-loop.js';

const MNIST = '/work/shared/data/mnist';

function loadMnistTest(): { x: Float32Array; y: Int32Array } {
  const images = gunzipSync(readFileSync(`${MNIST}/t10k-images-idx3-ubyte.gz`));
  const labels = gunzipSync(readFileSync(`${MNIST}/t10k-labels-idx1-ubyte.gz`));
  const n = labels.readUInt32BE(4);
  const x = new Float32Array(n * 784);
  for (let i = 0; i < n * 784; i++) x[i] = images[16 + i] / 255;
  return { x, y: Int32Array.from(labels.subarray(8, 8 + n)) };
}

/** Split-MNIST style: experience e holds digits 2e and 2e+1. Train = first 8,000 test images, test = last 2,000. */
function splitMnist(): { train: Experience[]; test: Experience[] } {
  const { x, y } = loadMnistTest();
  const make = (from: number, to: number, streamName: string) =>
    [0, 1, 2, 3, 4].map((e) => {
      const idx: number[] = [];
      for (let i = from; i < to; i++) if (Math.floor(y[i] / 2) === e) idx.push(i);
      const data = new Float32Array(idx.length * 784);
      idx.forEach((s, k) => data.set(x.subarray(s * 784, (s + 1) * 784), k * 784));
      const ds = new InMemoryDataset(data, [784], Int32Array.from(idx, (i) => y[i]), new Int32Array(idx.length));
      return { currentExperience: e, streamName, dataset: ds, taskLabels: taskLabelsOf(ds), classesInThisExperience: classesOf(ds) } as Experience;
    });
  return { train: make(0, 8000, 'train'), test: make(8000, 10000, 'test') };
}

/**
 * Cost of the evaluator's per-iteration hooks alone: a fixed training context (batch 32, 784 inputs,
 * 10 classes) with a fresh output and loss tensor per call (so nothing is served from the read-back
 * cache), timed over `n` calls of beforeTrainingIteration + afterTrainingIteration.
 */
async function hookCost(plugin: StrategyPlugin, n: number): Promise<number> {
  const model = new TinyModel({ inputSize: 784, hiddenSize: 64, nClasses: 10 });
  const data = splitMnistCache!;
  const experience = data.train[0];
  const minibatch = experience.dataset.getBatch(Int32Array.from({ length: 32 }, (_, i) => i));
  const outputs = Array.from({ length: n }, (_, i) => tf.randomNormal([32, 10], 0, 1, 'float32', i) as tf.Tensor2D);
  const losses = Array.from({ length: n }, (_, i) => tf.scalar(i / n));
  const ctx = { model, isTraining: true, experience, minibatch, clock: { trainIterations: 0, trainExpEpochs: 0 }, trainedExperiences: [] } as Record<string, unknown>;
  const controls = {} as never;
  await plugin.beforeTraining?.(ctx as never, controls);
  await plugin.beforeTrainingExp?.(ctx as never, controls);
  await plugin.beforeTrainingEpoch?.(ctx as never, controls);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    ctx.mbOutput = outputs[i];
    ctx.loss = losses[i];
    plugin.beforeTrainingIteration?.(ctx as never, controls);
    plugin.afterTrainingIteration?.(ctx as never, controls);
  }
  const us = ((performance.now() - t0) / n) * 1000;
  tf.dispose([...outputs, ...losses, minibatch.x, minibatch.y, minibatch.taskLabels]);
  model.dispose();
  return us;
}

let splitMnistCache: ReturnType<typeof splitMnist> | undefined;

async function run(plugins: (model: TinyModel) => StrategyPlugin[], data: ReturnType<typeof splitMnist>) {
  const model = new TinyModel({ inputSize: 784, hiddenSize: 64, nClasses: 10, seed: 1 });
  const loop = new SimulatedLoop({ model, plugins: plugins(model), trainMbSize: 32, evalMbSize: 256, lr: 0.05 });
  const started = performance.now();
  let metrics = {};
  for (const exp of data.train) {
    await loop.train(exp);
    metrics = await loop.eval(data.test);
  }
  const ms = performance.now() - started;
  const iterations = loop.context.clock.trainIterations;
  loop.dispose();
  model.dispose();
  return { ms, iterations, metrics: metrics as Record<string, unknown> };
}

async function main(): Promise<void> {
  const backend = (process.argv[2] ?? 'wasm') as BackendChoice;
  await initBackend({ backend });
  const data = splitMnist();
  const full = () => [
    evaluationPlugin({
      metrics: [
        accuracyMetrics({ minibatch: true, epoch: true, epochRunning: true, experience: true, stream: true }),
        lossMetrics({ minibatch: true, epoch: true, epochRunning: true, experience: true, stream: true }),
        forgettingMetrics({ experience: true, stream: true }),
        bwtMetrics({ stream: true }),
        confusionMatrixMetrics({ stream: true }),
        accuracyMatrixMetrics(),
        timingMetrics({ epoch: true, stream: true }),
        ramUsageMetrics({ epoch: true }),
        cpuUsageMetrics({ epoch: true }),
      ],
    }),
  ];
  splitMnistCache = data;
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const perIteration = (make: () => StrategyPlugin) => async () => {
    const values: number[] = [];
    for (let r = 0; r < 7; r++) values.push(await hookCost(make(), 1000));
    return values;
  };
  const sets: Array<[string, () => StrategyPlugin]> = [
    ['default evaluator (accuracy + loss: epoch, experience, stream)', () => evaluationPlugin({ metrics: [accuracyMetrics({ epoch: true, experience: true, stream: true }), lossMetrics({ epoch: true, experience: true, stream: true })] })],
    ['accuracy + loss at all 5 granularities', () => evaluationPlugin({ metrics: [accuracyMetrics({ minibatch: true, epoch: true, epochRunning: true, experience: true, stream: true }), lossMetrics({ minibatch: true, epoch: true, epochRunning: true, experience: true, stream: true })] })],
    ['the 22 metrics of the run below', () => full()[0]],
  ];
  console.log(`backend ${tf.getBackend()}: evaluator cost per training iteration (batch 32, 10 classes), 1000 calls, median of 7`);
  for (const [label, make] of sets) {
    const values = await perIteration(make)();
    console.log(`  ${label}: ${median(values).toFixed(1)} us (${values.map((v) => v.toFixed(1)).join(', ')})`);
  }
  const runs: number[] = [];
  let last: Awaited<ReturnType<typeof run>> | undefined;
  for (let r = 0; r < 3; r++) {
    last = await run(full, data);
    runs.push(last.ms);
  }
  console.log(`Split-MNIST (5 experiences of 2 digits; train = first 8,000 MNIST test images, test = last 2,000), MLP 784-64-10, SGD 0.05, 1 epoch, ${last!.iterations} iterations: run ${median(runs).toFixed(0)} ms (median of 3)`);
  const m = last!.metrics;
  for (const key of ['Top1_Acc_Stream/eval_phase/test_stream/Task000', 'Loss_Stream/eval_phase/test_stream/Task000', 'StreamForgetting/eval_phase/test_stream', 'StreamBWT/eval_phase/test_stream']) {
    console.log(`${key} = ${(m[key] as number).toFixed(4)}`);
  }
  console.log('EvalStream/Acc_Matrix (row i: after training on experience i; columns: experiences):');
  for (const row of m['EvalStream/Acc_Matrix'] as number[][]) console.log('  ' + row.map((v) => v.toFixed(3)).join(' '));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
