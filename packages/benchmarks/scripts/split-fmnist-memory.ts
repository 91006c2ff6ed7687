// Time and memory to build SplitFMNIST on the full Fashion-MNIST (60,000 train images) and to iterate one
// epoch of minibatches over every experience. Building experiences must not copy the image data: the
// peak RSS added by building stays well under 2x the raw uint8 images.
// Run: npx tsx scripts/split-fmnist-memory.ts [batchSize]
import * as tf from '@tensorflow/tfjs';
import { disposeMinibatch, initBackend } from '@avalanche-ts/core';
import { datasetLoader } from '@avalanche-ts/benchmarks';
import { loadFashionMnist, splitFMNIST } from '@avalanche-ts/benchmarks/node';

const MB = 1024 * 1024;
const batchSize = Number(process.argv[2] ?? 128);
const peakMB = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
const rssMB = () => process.memoryUsage().rss / MB;

await initBackend({ backend: 'cpu' });
tf.tidy(() => tf.zeros([1]).dataSync()); // warm the backend so its allocations are not counted below
const base = rssMB();
console.log(`baseline RSS ${base.toFixed(1)} MB`);

let t = performance.now();
const sets = await loadFashionMnist();
const loadMs = performance.now() - t;
const rawMB = (sets.train.storeBytes + sets.test.storeBytes) / MB;
const afterLoad = rssMB();
console.log(`load Fashion-MNIST (${sets.train.length} + ${sets.test.length} images): ${loadMs.toFixed(0)} ms, raw uint8 images ${rawMB.toFixed(1)} MB, RSS +${(afterLoad - base).toFixed(1)} MB`);

t = performance.now();
const scenario = await splitFMNIST({ seed: 0, sets });
const exps = [...scenario.trainStream];
const testExps = [...scenario.testStream];
const buildMs = performance.now() - t;
const afterBuild = rssMB();
console.log(
  `build ${scenario.name}: ${exps.length} train + ${testExps.length} test experiences in ${buildMs.toFixed(0)} ms, RSS +${(afterBuild - afterLoad).toFixed(1)} MB over the loaded data (peak so far ${(peakMB() - base).toFixed(1)} MB over baseline)`,
);

t = performance.now();
let batches = 0;
let samples = 0;
for (const exp of exps) {
  for (const batch of datasetLoader(exp.dataset, { batchSize, seed: 1 }).batches()) {
    samples += batch.x.shape[0];
    batches++;
    disposeMinibatch(batch);
  }
}
const epochMs = performance.now() - t;
console.log(`one epoch over all experiences: ${samples} samples in ${batches} batches of ${batchSize}, ${epochMs.toFixed(0)} ms (${((samples / epochMs) * 1000).toFixed(0)} samples/s)`);
const peakOver = peakMB() - base;
console.log(`peak RSS over baseline ${peakOver.toFixed(1)} MB = ${(peakOver / rawMB).toFixed(2)}x the raw images (${rawMB.toFixed(1)} MB); tensors alive: ${tf.memory().numTensors}`);
