import * as tf from '@tensorflow/tfjs';
import { ValidationError, initBackend, disposeMinibatch } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { ExpertGate, SimpleMLP } from '@avalanche-ts/models';
import { SMALL_BENCHMARK, accuracyEvaluator, runStrategy, runWith, type ComparisonSetup, type RunResult } from '../scripts/forgetting-harness.js';
import { expertGate } from './expert-gate.js';
import { ExpertGatePlugin } from './expert-gate-plugin.js';
import { minibatchDataLoader } from './minibatch-data-loader.js';
import { naive } from './naive.js';
import { sgd } from './sgd.js';

// Task-incremental SplitMNIST (5 tasks of two digits, task labels = experience index, 10 outputs): the
// gate must route each test sample to its task's expert without being given the task label. Naive (one
// model, task labels unused) forgets almost everything.
const expertFactory = () => new SimpleMLP({ hiddenSize: 64, dropRate: 0 });
const setup: ComparisonSetup = { lr: 0.1, makeModel: expertFactory, optimizer: () => sgd({ lr: 0.1 }) };
let streams: Awaited<ReturnType<typeof splitMNIST>>;
let baseline: RunResult;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  streams = await splitMNIST({ nExperiences: 5, returnTaskId: true, ...SMALL_BENCHMARK });
  baseline = await runWith('Naive', (o) => naive(o), setup, streams.trainStream, streams.testStream);
});

describe('expertGate() on task-incremental SplitMNIST', () => {
  it('routes test samples to the right expert without task labels and forgets far less than Naive', async () => {
    const model = new ExpertGate({ shape: [28, 28, 1], expertFactory, seed: 0 });
    const evaluator = accuracyEvaluator();
    // Avalanche's autoencoder defaults (minibatch 1, 2 epochs) leave these raw-pixel gates undertrained
    // (about 72% of the samples routed right); 10 epochs of minibatches of 8 route about 85%.
    const strategy = expertGate({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 32, evalMbSize: 256, evaluator, seed: 0, aeTrainMbSize: 8, aeTrainEpochs: 10 });
    const result = await runStrategy('ExpertGate', strategy, evaluator, streams.trainStream, streams.testStream);
    let routed = 0;
    let total = 0;
    model.setTraining(false);
    for (const exp of streams.testStream) {
      for (const mb of minibatchDataLoader(exp.dataset.eval(), { batchSize: 256 }).batches()) {
        routed += tf.tidy(() => tf.sum(tf.equal(model.gate(mb.x), mb.taskLabels)).dataSync()[0]);
        total += mb.x.shape[0];
        disposeMinibatch(mb);
      }
    }
    // Each expert, given its own task's test data (an oracle gate), knows its two digits.
    for (const exp of streams.testStream) {
      const mb = exp.dataset.eval().getBatch(Int32Array.from({ length: exp.dataset.length }, (_, i) => i));
      const acc = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(model.expert(exp.currentExperience).forward(mb.x), 1), tf.cast(mb.y, 'int32')), 'float32')).dataSync()[0]);
      disposeMinibatch(mb);
      expect(acc).toBeGreaterThan(0.8);
    }
    expect(routed / total).toBeGreaterThan(0.75);
    result.matrix.forEach((row, i) => expect(row[i]).toBeGreaterThan(0.65));
    expect(baseline.forgetting).toBeGreaterThan(0.8);
    expect(result.forgetting).toBeLessThan(baseline.forgetting - 0.6);
    expect(result.finalAccuracy).toBeGreaterThan(baseline.finalAccuracy + 0.5);
    strategy.dispose();
    model.dispose();
  });
});

describe('expertGate() bookkeeping', () => {
  it('adds one expert and one autoencoder per task, starting from the most related expert, without leaking', async () => {
    const exps = [...streams.trainStream].slice(0, 3).map((e) => ({ ...e, dataset: e.dataset.subset(Int32Array.from({ length: 40 }, (_, i) => i)) }));
    const model = new ExpertGate({ shape: [28, 28, 1], expertFactory: () => new SimpleMLP({ hiddenSize: 16, dropRate: 0 }), latentDim: 8 });
    const before = tf.memory().numTensors;
    // relThresh far below any relatedness: every later expert also learns with LwF.
    const strategy = expertGate({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 8, aeTrainMbSize: 8, aeTrainEpochs: 1, aeLatentDim: 8, relThresh: -1e9 });
    const plugin = strategy.plugins.find((p): p is ExpertGatePlugin => p instanceof ExpertGatePlugin)!;
    await strategy.train(exps[0]);
    const afterFirst = tf.memory().numTensors;
    await strategy.train(exps[1]);
    expect(plugin.lastRelatedTask).toBe(0);
    expect(Number.isFinite(plugin.lastRelatedness)).toBe(true);
    const perTask = model.expert(1).namedParameters().length + model.autoencoder(1).namedParameters().length;
    expect(tf.memory().numTensors - afterFirst).toBe(perTask);
    await strategy.train(exps[2]);
    expect(model.expertTasks).toEqual([0, 1, 2]);
    expect(model.autoencoderTasks).toEqual([0, 1, 2]);
    expect(model.namedParameters().filter(([, v]) => v.trainable).every(([n]) => n.startsWith('expert_dict.2.'))).toBe(true);
    // A checkpointed gate loads into a fresh one, experts and autoencoders included.
    const copy = new ExpertGate({ shape: [28, 28, 1], expertFactory: () => new SimpleMLP({ hiddenSize: 16, dropRate: 0 }), latentDim: 8 });
    copy.loadStateDict(model.stateDict());
    model.setTraining(false);
    copy.setTraining(false);
    const mb = exps[2].dataset.getBatch([0, 1, 2]);
    tf.tidy(() => expect(Array.from(copy.forward(mb.x).dataSync())).toEqual(Array.from(model.forward(mb.x).dataSync())));
    disposeMinibatch(mb);
    copy.dispose();
    strategy.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options naming the field and the value', () => {
    const model = new ExpertGate({ shape: [4], expertFactory: () => new SimpleMLP({ inputSize: 4, hiddenSize: 4 }) });
    expect(() => expertGate({ model, optimizer: sgd({ lr: 0.1 }), aeLr: -1 })).toThrow(ValidationError);
    expect(() => expertGate({ model, optimizer: sgd({ lr: 0.1 }), aeLr: -1 })).toThrow(/aeLr/);
    expect(() => expertGate({ model, optimizer: sgd({ lr: 0.1 }), temp: 0 })).toThrow(/temp/);
    const plain = new SimpleMLP({ inputSize: 4, hiddenSize: 4 });
    expect(() => expertGate({ model: plain, optimizer: sgd({ lr: 0.1 }) })).toThrow(/ExpertGate/);
    plain.dispose();
    model.dispose();
  });
});
