import * as tf from '@tensorflow/tfjs';
import {
  PluginError,
  StrategyError,
  ValidationError,
  initBackend,
  type Experience,
  type ForwardOptions,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { TinyModel, expectNoTensorLeak, fakeScenario } from '@avalanche-ts/core/testing';
import { naive } from './naive.js';
import { sgd } from './sgd.js';
import { SupervisedTemplate } from './supervised-template.js';
import { TestEvaluator } from './test-support/test-evaluator.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

const streams = (options: Parameters<typeof fakeScenario>[0] = {}) => {
  const s = fakeScenario(options);
  return { train: [...s.trainStream], test: [...s.testStream], testStream: s.testStream };
};

/** Records every hook call (name only). */
function recorder(calls: string[]): StrategyPlugin {
  return new Proxy({ name: 'recorder' } as StrategyPlugin, {
    get(target, key) {
      if (typeof key === 'string' && /^(before|after)/.test(key)) return () => void calls.push(key);
      return (target as unknown as Record<string | symbol, unknown>)[key];
    },
  });
}

describe('SupervisedTemplate', () => {
  it("fires the hooks in Avalanche's order, learns, and returns the evaluator's last metrics", async () => {
    const { train, test } = streams({ nExperiences: 2, seed: 1 });
    const model = new TinyModel({ inputSize: 8, nClasses: 4, seed: 1 });
    const calls: string[] = [];
    const evaluator = new TestEvaluator();
    const strategy = naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 10, evalMbSize: 20, trainEpochs: 2, plugins: [recorder(calls)], evaluator });
    const metrics = await strategy.train(train[0]);
    expect(calls.slice(0, 14)).toEqual([
      'beforeTraining',
      'beforeTrainDatasetAdaptation',
      'afterTrainDatasetAdaptation',
      'beforeTrainingExp',
      'beforeTrainingEpoch',
      'beforeTrainingIteration',
      'beforeForward',
      'afterForward',
      'beforeBackward',
      'afterBackward',
      'beforeUpdate',
      'afterUpdate',
      'afterTrainingIteration',
      'beforeTrainingIteration',
    ]);
    expect(calls.filter((c) => c === 'afterTrainingIteration')).toHaveLength(8); // 40 samples / 10, 2 epochs
    expect(calls.slice(-3)).toEqual(['afterTrainingEpoch', 'afterTrainingExp', 'afterTraining']);
    expect(metrics).toEqual({});
    expect(strategy.context.clock).toMatchObject({ trainIterations: 8, trainExpCounter: 1, trainExpEpochs: 2 });
    calls.length = 0;
    const evalMetrics = await strategy.eval(test[0]);
    expect(calls).toEqual([
      'beforeEval',
      'beforeEvalDatasetAdaptation',
      'afterEvalDatasetAdaptation',
      'beforeEvalExp',
      'beforeEvalIteration',
      'beforeEvalForward',
      'afterEvalForward',
      'afterEvalIteration',
      'afterEvalExp',
      'afterEval',
    ]);
    expect(evalMetrics['Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000']).toBeGreaterThan(0.9);
    expect(evalMetrics).toEqual(evaluator.getLastMetrics());
    strategy.dispose();
    model.dispose();
  });

  it('evaluates periodically: evalEvery 0 (initial + each experience), per epoch and per iteration', async () => {
    const { train, test } = streams({ nExperiences: 2, seed: 3 });
    const run = async (evalEvery: number, pevalMode: 'epoch' | 'iteration') => {
      const model = new TinyModel({ inputSize: 8, nClasses: 4 });
      const evaluator = new TestEvaluator();
      let evals = 0;
      const counter: StrategyPlugin = { name: 'counter', beforeEval: () => void evals++ };
      const strategy = naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 10, trainEpochs: 3, evaluator, evalEvery, pevalMode, plugins: [counter] });
      await strategy.train(train, { evalStreams: [test[0], test[1]] });
      strategy.dispose();
      model.dispose();
      return { evals, history: evaluator.getAllMetrics()['Top1_Acc_Stream/eval_phase/test_stream/Task000'] };
    };
    const none = await run(-1, 'epoch');
    expect(none.evals).toBe(0);
    const each = await run(0, 'epoch');
    expect(each.evals).toBe(3); // before training, then after each of 2 experiences
    expect(each.history.x).toEqual([0, 12, 24]);
    const everyTwoEpochs = await run(2, 'epoch');
    expect(everyTwoEpochs.evals).toBe(1 + 2 * 2); // initial; per experience after epoch 2 and at the end (epoch 3)
    const everyFourIterations = await run(4, 'iteration');
    expect(everyFourIterations.evals).toBe(1 + 2 * 3); // 12 iterations per experience: after 4, 8, 12 (the end)
  });

  it('stop() from a plugin ends the experience after the current iteration', async () => {
    const { train } = streams({ nExperiences: 2 });
    const model = new TinyModel({ inputSize: 8, nClasses: 4 });
    const calls: string[] = [];
    const stopper: StrategyPlugin = {
      name: 'stopper',
      afterTrainingIteration: (ctx, controls) => {
        if (ctx.clock.trainExpIterations === 2) controls.stopTraining();
      },
    };
    const strategy = naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 10, trainEpochs: 3, plugins: [stopper, recorder(calls)] });
    await strategy.train(train);
    // Each experience: 3 iterations, then the epoch ends and the next epochs are skipped.
    expect(calls.filter((c) => c === 'afterTrainingIteration')).toHaveLength(6);
    expect(calls.filter((c) => c === 'afterTrainingExp')).toHaveLength(2);
    strategy.dispose();
    model.dispose();
  });

  it('passes task labels and a seed to forward, and adapts the model before each experience', async () => {
    const { train, test } = streams({ nExperiences: 2, taskLabels: true });
    const base = new TinyModel({ inputSize: 8, nClasses: 4 });
    const seen: Array<{ tasks: number[]; seed: number | undefined; training: boolean }> = [];
    const extra = new Map<number, tf.Variable>();
    const adapted: number[] = [];
    const model = Object.assign(Object.create(base) as TinyModel, {
      forward(this: TinyModel, x: tf.Tensor, options?: ForwardOptions) {
        seen.push({ tasks: [...new Set(options!.taskLabels!.dataSync())], seed: options!.seed, training: this.training });
        return base.forward(x, options);
      },
      adapt(experience: Experience) {
        adapted.push(experience.currentExperience);
        const t = experience.taskLabels[0];
        if (extra.has(t)) return false;
        extra.set(t, tf.variable(tf.zeros([1])));
        return true;
      },
      namedParameters() {
        return [...base.namedParameters(), ...[...extra].map(([t, v]) => [`head${t}.bias`, v] as const)];
      },
    });
    const optimizer = sgd({ lr: 0.1 });
    const strategy = new SupervisedTemplate({ model, optimizer, trainMbSize: 10 });
    await strategy.train(train);
    expect(optimizer.parameterNames).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'head0.bias', 'head1.bias']);
    expect(seen[0].tasks).toEqual([0]);
    expect(seen[seen.length - 1].tasks).toEqual([1]);
    expect(seen.every((s) => s.training && typeof s.seed === 'number')).toBe(true);
    expect(new Set(seen.map((s) => s.seed)).size).toBe(seen.length);
    seen.length = 0;
    await strategy.eval(test);
    expect(adapted).toEqual([0, 1, 0, 1]);
    expect(seen.every((s) => !s.training && s.seed === undefined)).toBe(true);
    strategy.dispose();
    base.dispose();
    for (const v of extra.values()) v.dispose();
  });

  it('loads an experience holding several tasks with the task-balanced loader', async () => {
    const { train } = streams({ nExperiences: 2, taskLabels: true });
    const both = { ...train[0], dataset: train[0].dataset.concat(train[1].dataset), taskLabels: [0, 1] };
    const model = new TinyModel({ inputSize: 8, nClasses: 4 });
    const perBatch: number[][] = [];
    const spy: StrategyPlugin = { name: 'spy', beforeForward: (ctx) => void perBatch.push(Array.from(ctx.minibatch!.taskLabels.dataSync())) };
    const strategy = naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 10, plugins: [spy] });
    await strategy.train(both);
    expect(perBatch).toHaveLength(8);
    for (const tasks of perBatch) expect(tasks.filter((t) => t === 0)).toHaveLength(5);
    strategy.dispose();
    model.dispose();
  });

  it('adds plugin loss terms inside the gradient closure and lets gradient editors replace gradients', async () => {
    const { train } = streams({ nExperiences: 1 });
    const model = new TinyModel({ inputSize: 8, nClasses: 2 });
    const before = model.namedParameters().map(([, v]) => Array.from(v.dataSync()));
    const losses: number[] = [];
    const plugin: StrategyPlugin = {
      name: 'zero-update',
      lossTerm: (ctx) => tf.mul(tf.sum(tf.square(ctx.mbOutput!)), 0.01) as tf.Scalar,
      afterBackward: (ctx) => void losses.push(ctx.loss!.dataSync()[0]),
      editGradients: (_ctx, grads) => Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.zerosLike(g)])),
    };
    const strategy = naive({ model, optimizer: sgd({ lr: 0.5 }), trainMbSize: 10, plugins: [plugin] });
    await expectNoTensorLeak(() => strategy.train(train[0]), 1); // the optimizer's cached -lr scalar
    // Zero gradients: the weights did not move; the loss includes the penalty (> plain cross-entropy).
    expect(model.namedParameters().map(([, v]) => Array.from(v.dataSync()))).toEqual(before);
    expect(losses).toHaveLength(4);
    strategy.dispose();
    model.dispose();
  });

  it('checks where controls may be used and names a failing plugin', async () => {
    const { train, test } = streams({ nExperiences: 1 });
    const model = new TinyModel({ inputSize: 8, nClasses: 2 });
    const misplaced: StrategyPlugin = { name: 'misplaced', afterUpdate: (ctx, controls) => controls.setOutput(ctx.mbOutput!) };
    const strategy = naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 10, plugins: [misplaced] });
    const error = await strategy.train(train[0]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginError);
    expect((error as Error).message).toMatch(/plugin "misplaced" failed in hook "afterUpdate": setOutput\(\) may be called only in afterForward/);
    expect(StrategyError.isInstance((error as Error).cause)).toBe(true);
    strategy.dispose();
    // setOutput in afterEvalForward replaces the predictions (an NCM-like plugin); no tensor leaks.
    const flip: StrategyPlugin = { name: 'flip', afterEvalForward: (ctx, controls) => controls.setOutput(tf.neg(ctx.mbOutput!) as tf.Tensor2D) };
    const evaluator = new TestEvaluator();
    const flipped = naive({ model, optimizer: sgd({ lr: 0.1 }), plugins: [flip], evaluator, evalMbSize: 5 });
    await expectNoTensorLeak(() => flipped.eval(test[0]));
    flipped.dispose();
    model.dispose();
  });

  it('validates its options', () => {
    const model = new TinyModel({ inputSize: 8, nClasses: 2 });
    expect(() => naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 0 })).toThrow(ValidationError);
    expect(() => naive({ model, optimizer: sgd({ lr: 0.1 }), trainMbSize: 0 })).toThrow(/strategyOptions\.trainMbSize.*got 0/);
    expect(() => naive({ model, optimizer: {} as never })).toThrow(/strategyOptions\.optimizer/);
    model.dispose();
  });

  it('stops a diverged run with a StrategyError naming the experience, the epoch and the parameter', async () => {
    const { train } = streams({ nExperiences: 2, seed: 3 });
    const model = new TinyModel({ inputSize: 8, nClasses: 10, seed: 3 });
    const strategy = naive({ model, optimizer: sgd({ lr: 1e30 }), trainMbSize: 8, trainEpochs: 2, evaluator: new TestEvaluator() });
    await expect(strategy.train(train[0])).rejects.toThrow(/training diverged in experience 0, epoch 0: fc\d\.(weight|bias) holds NaN or Infinity; lower the learning rate/);
    strategy.dispose();
    model.dispose();
  });

  it('does not leak tensors over 5 experiences with momentum and periodic evaluation', async () => {
    const { train, testStream } = streams({ nExperiences: 5, seed: 2 });
    const model = new TinyModel({ inputSize: 8, nClasses: 10, seed: 2 });
    const strategy = new SupervisedTemplate({ model, optimizer: sgd({ lr: 0.05, momentum: 0.9 }), trainMbSize: 8, evaluator: new TestEvaluator(), evalEvery: 1 });
    await strategy.train(train[0], { evalStreams: [testStream] });
    for (let e = 1; e < 5; e++) {
      await expectNoTensorLeak(() => strategy.train(train[e], { evalStreams: [testStream] }));
    }
    strategy.dispose();
    model.dispose();
  });

  it('is reproducible: same seed, identical metrics; another seed, different ones', async () => {
    const { train, testStream } = streams({ nExperiences: 3, seed: 4 });
    const run = async (seed: number) => {
      const model = new TinyModel({ inputSize: 8, nClasses: 6, seed: 9 });
      const evaluator = new TestEvaluator();
      const strategy = naive({ model, optimizer: sgd({ lr: 0.05, momentum: 0.9 }), trainMbSize: 7, evaluator, evalEvery: 0, seed });
      await strategy.train(train, { evalStreams: [testStream] });
      const weights = Array.from(model.namedParameters()[0][1].dataSync());
      strategy.dispose();
      model.dispose();
      return { history: evaluator.getAllMetrics(), weights };
    };
    const a = await run(1);
    const b = await run(1);
    const c = await run(2);
    expect(b).toEqual(a);
    expect(c.weights).not.toEqual(a.weights);
  });
});
