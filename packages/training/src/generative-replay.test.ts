import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import { MlpVAE, SimpleMLP } from '@avalanche-ts/models';
import { runWith } from '../scripts/forgetting-harness.js';
import { adam } from './adam.js';
import { checkpointToBytes, restoreFromBytes } from './checkpoint.js';
import { generativeReplay } from './generative-replay.js';
import { GenerativeReplayPlugin, generativeReplayPlugin } from './generative-replay-plugin.js';
import { naive } from './naive.js';
import { TrainGeneratorAfterExpPlugin } from './train-generator-after-exp-plugin.js';
import { disposeState } from '../scripts/plugin-harness.js';
import { sgd } from './sgd.js';
import { vaeTraining } from './vae-training.js';
import { naiveComparison } from './test-support/naive-comparison.js';

/** Tensors replaced by [shape, Σx, Σx²]; everything else kept. */
function fingerprint(value: unknown): unknown {
  if (value instanceof tf.Tensor) return [value.shape, ...tf.tidy(() => [tf.sum(value), tf.sum(tf.square(value))].map((t) => t.dataSync()[0]))];
  if (Array.isArray(value)) return value.map(fingerprint);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fingerprint(v)]));
  return value;
}

// Class-incremental SplitMNIST (5 experiences of two digits, one 10-unit head): Naive forgets almost
// everything; replaying VAE samples labelled by the previous solver is meant to keep old classes alive.
const comparison = naiveComparison('class');

describe('generativeReplay() on class-incremental SplitMNIST', () => {
  it('learns each experience and forgets less than Naive with the same seed (default VAE generator)', async () => {
    const result = await comparison.run('GenerativeReplay', (o) => generativeReplay(o));
    comparison.expectBetterThanNaive(result, { learned: 0.6, naiveForgets: 0.8, forgetsLessBy: 0.15, moreAccurateBy: 0.08 });
  });

  it('appends solver-labelled generated samples from the second experience on, and keeps tensors constant', async () => {
    const [e0, e1, e2] = [...comparison.streams.trainStream].slice(0, 3).map((e) => ({ ...e, dataset: e.dataset.subset(Int32Array.from({ length: 64 }, (_, i) => i)) }));
    const sizes: number[] = [];
    const labels = new Set<number>();
    const spy = {
      name: 'spy',
      order: 10,
      beforeTrainingIteration: (ctx: import('@avalanche-ts/core').StrategyContext) => {
        sizes.push(ctx.minibatch!.x.shape[0]);
        if (ctx.experience!.currentExperience === 1) ctx.minibatch!.y.dataSync().slice(32).forEach((l) => labels.add(l));
      },
    };
    const model = comparison.setup.makeModel();
    const strategy = generativeReplay({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 32, plugins: [spy], seed: 1 });
    await strategy.train(e0);
    const firstExp = sizes.length;
    expect(sizes.every((n) => n <= 32)).toBe(true);
    await strategy.train(e1);
    // Each minibatch of 32 gets 32 replayed samples, labelled by the solver trained on digits {0, 1} only.
    expect(sizes.slice(firstExp)).toEqual([64, 64]);
    expect([...labels].every((l) => e0.dataset.targets.includes(l))).toBe(true);
    const before = tf.memory().numTensors;
    await strategy.train(e2);
    expect(tf.memory().numTensors).toBe(before);
    // The generator (weights, optimizer, its replay plugin, Rng) goes into checkpoints and comes back.
    const freshModel = comparison.setup.makeModel();
    const fresh = generativeReplay({ model: freshModel, optimizer: sgd({ lr: 0.1 }), trainMbSize: 32, seed: 1 });
    const find = (s: typeof strategy) => s.plugins.find((p): p is TrainGeneratorAfterExpPlugin => p instanceof TrainGeneratorAfterExpPlugin)!;
    const state = await find(strategy).stateDict();
    await find(fresh).loadStateDict(state);
    const restored = await find(fresh).stateDict();
    // Compared by a per-tensor fingerprint: a deep comparison of the VAE's million values is slow.
    expect(fingerprint(restored)).toEqual(fingerprint(state));
    expect(state.plugins).toEqual({ GenerativeReplayPlugin: { untrainedSolver: false, weightReplayLoss: 1e-4 } });
    disposeState(state);
    disposeState(restored);
    for (const x of [strategy, fresh, model, freshModel]) x.dispose();
  });

  it('weighted replay and increasing replay size also forget less than Naive (first three experiences)', async () => {
    const train = [...comparison.streams.trainStream].slice(0, 3);
    const test = [...comparison.streams.testStream].slice(0, 3);
    const naive3 = await runWith('Naive', (o) => naive(o), comparison.setup, train, test);
    const weighted = await runWith('GR weighted', (o) => generativeReplay({ ...o, isWeightedReplay: true, weightReplayLoss: 1 }), comparison.setup, train, test);
    expect(weighted.forgetting).toBeLessThan(naive3.forgetting - 0.1);
    const increasing = await runWith('GR increasing', (o) => generativeReplay({ ...o, increasingReplaySize: true }), comparison.setup, train, test);
    expect(increasing.forgetting).toBeLessThan(naive3.forgetting - 0.1);
  });
});

describe('generativeReplay() checkpoints', () => {
  it('resume exactly: solver, generator, optimizers, replay state and Rng', async () => {
    const exps = [...comparison.streams.trainStream].slice(0, 3).map((e) => ({ ...e, dataset: e.dataset.subset(Int32Array.from({ length: 48 }, (_, i) => i)) }));
    const build = (model: SimpleMLP) => generativeReplay({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 16, seed: 4 });
    const weights = (m: SimpleMLP) => m.namedParameters().map(([, v]) => Array.from(v.dataSync()));
    const a = new SimpleMLP({ hiddenSize: 32, dropRate: 0, seed: 1 });
    const first = build(a);
    await first.train(exps.slice(0, 2));
    const bytes = await checkpointToBytes(first);
    await first.train(exps[2]);
    const b = new SimpleMLP({ hiddenSize: 32, dropRate: 0, seed: 2 });
    const resumed = build(b);
    await restoreFromBytes(resumed, bytes);
    await resumed.train(exps[2]);
    expect(weights(b)).toEqual(weights(a));
    for (const x of [first, resumed, a, b]) x.dispose();
  });
});

describe('vaeTraining() with its own generative replay', () => {
  it('lowers the VAE loss on an experience and frees its tensors', async () => {
    const [e0, e1, e2] = [...comparison.streams.trainStream];
    const vae = new MlpVAE({ shape: [28, 28, 1], nhid: 2, seed: 0 });
    const plugin = generativeReplayPlugin();
    const strategy = vaeTraining({ model: vae, optimizer: adam({ lr: 0.01, weightDecay: 1e-4 }), trainMbSize: 32, trainEpochs: 2, plugins: [plugin], seed: 0 });
    const lossOn = async () => {
      let total = 0;
      const probe = { name: 'probe', afterEvalIteration: (ctx: import('@avalanche-ts/core').StrategyContext) => { total += ctx.loss!.dataSync()[0]; } };
      const evaluator = vaeTraining({ model: vae, optimizer: adam(), evalMbSize: 100, plugins: [probe] });
      await evaluator.eval(e0);
      evaluator.dispose();
      return total;
    };
    const initial = await lossOn();
    await strategy.train(e0);
    expect(await lossOn()).toBeLessThan(initial * 0.5);
    expect(plugin.untrainedSolver).toBe(false);
    // From the second experience on the plugin keeps one frozen copy of the VAE; one more experience adds nothing.
    await strategy.train(e1);
    const before = tf.memory().numTensors;
    await strategy.train(e2);
    expect(tf.memory().numTensors).toBe(before);
    strategy.dispose();
    vae.dispose();
  });
});

describe('options', () => {
  it('reject bad values naming the field and the value', () => {
    expect(() => generativeReplayPlugin({ replaySize: -3 })).toThrow(ValidationError);
    expect(() => generativeReplayPlugin({ replaySize: -3 })).toThrow(/replaySize.*-3|-3.*replaySize/);
    expect(() => generativeReplayPlugin({ weightReplayLoss: Number.NaN })).toThrow(/weightReplayLoss/);
    const model = new SimpleMLP({ hiddenSize: 8 });
    expect(() => generativeReplay({ model, optimizer: sgd({ lr: 0.1 }), replaySize: 0 })).toThrow(/replaySize/);
    expect(() => vaeTraining({ model, optimizer: sgd({ lr: 0.1 }) })).toThrow(ValidationError);
    model.dispose();
  });

  it('round-trips the plugin state', () => {
    const plugin = new GenerativeReplayPlugin({ weightReplayLoss: 0.5 });
    plugin.afterTrainingExp();
    const fresh = new GenerativeReplayPlugin();
    fresh.loadStateDict(plugin.stateDict());
    expect(fresh.untrainedSolver).toBe(false);
    expect(fresh.weightReplayLoss).toBe(0.5);
  });
});
