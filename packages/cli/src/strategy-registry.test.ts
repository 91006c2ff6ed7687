import * as tf from '@tensorflow/tfjs';
import { initBackend, ValidationError } from '@avalanche-ts/core';
import { fakeScenario } from '@avalanche-ts/core/testing';
import { evaluationPlugin } from '@avalanche-ts/evaluation';
import { sgd } from '@avalanche-ts/training';
import { z } from 'zod';
import { describedFields, describeOptions } from './describe-options.js';
import type { StrategyBuildContext } from './experiment-registries.js';
import { modelRegistry } from './model-registry.js';
import { describeScenario } from './run-experiment.js';
import { strategyRegistry } from './strategy-registry.js';

// Training each entry is tested in default-registries.test.ts; here: descriptions and the CLI's own checks.
describe('strategyRegistry', () => {
  const strategies = strategyRegistry();
  const benchmark = describeScenario(fakeScenario({ nExperiences: 2, inputSize: 6 }), 0);

  async function context(modelName = 'mlp', modelOptions: Record<string, unknown> = { hiddenSizes: [4] }, info = benchmark): Promise<StrategyBuildContext<ReturnType<typeof sgd>>> {
    const model = await modelRegistry().create(modelName, modelOptions, info);
    return { model, optimizer: sgd({ lr: 0.01 }), trainMbSize: 4, trainEpochs: 1, evalMbSize: 8, evalEvery: -1, evaluator: evaluationPlugin({ metrics: [] }), plugins: [], seed: 0, benchmark: info };
  }

  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });

  it('describes every strategy and every option', () => {
    for (const entry of strategies.list()) {
      expect(entry.description.length).toBeGreaterThan(10);
      for (const option of describeOptions(entry.options)) expect([entry.name, option.name, option.description ?? '']).toEqual([entry.name, option.name, expect.stringMatching(/\w/)]);
    }
  });

  it('keeps the training package\'s defaults and the CLI\'s own where Avalanche has none', () => {
    expect(strategies.parseOptions('der', {})).toEqual({ memSize: 200, alpha: 0.1, beta: 0.5 });
    expect(strategies.parseOptions('bic', {})).toMatchObject({ memSize: 200, T: 2, stage2Epochs: 200, lamb: -1 });
    expect(strategies.parseOptions('featureReplay', {})).toEqual({ lastLayerName: 'classifier', memSize: 200, batchSizeMem: 10, mask: 'seen' });
    expect(strategies.parseOptions('icarl', {})).toEqual({ memorySize: 2000, fixedMemory: true });
    expect(strategies.parseOptions('packNet', {})).toEqual({ postPruneEpochs: 1, pruneProportion: 0.5 });
    expect(() => strategies.parseOptions('erAce', { sources: [] })).toThrow('unknown option "sources"; allowed: memSize, batchSizeMem');
  });

  it('sizes CoPE from the model and the benchmark, and says what to change when pSize differs', async () => {
    const c = await context('mlp', { hiddenSizes: [4], numClasses: 5 });
    const before = tf.memory().numTensors;
    const trainer = await strategies.create('cope', {}, c);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(strategies.create('cope', { pSize: 100 }, c)).rejects.toThrow('the model outputs 5 values per sample, so pSize must be 5; or give the model numClasses: 100 (got 100)');
    c.model.dispose();
  });

  it('names the model a strategy needs and the data it fits', async () => {
    const c = await context();
    await expect(strategies.create('pnn', {}, c)).rejects.toThrow(ValidationError);
    await expect(strategies.create('pnn', {}, c)).rejects.toThrow('config.model: strategy "pnn" needs the model "pnn" (model: { name: pnn }); got a MLP');
    await expect(strategies.create('packNet', {}, c)).rejects.toThrow('needs the model "packNetSimpleMLP"');
    await expect(strategies.create('generativeReplay', {}, c)).rejects.toThrow('28 x 28 x 1 = 784 values per sample); the benchmark\'s samples have 6');
    await expect(strategies.create('streamingLda', {}, { ...c, benchmark: undefined })).rejects.toThrow('strategy "streamingLda": its build context has no "benchmark"');
    c.model.dispose();
  });
});

describe('describedFields', () => {
  it('takes the named fields with their rules and defaults, adds descriptions, and lists tuples and nulls', () => {
    const shape = { a: z.number().min(1).default(3), b: z.tuple([z.number(), z.number()]).nullable().default([0, 1]), hidden: z.string() };
    const picked = describedFields(shape, { b: 'a range', a: 'a count' });
    expect(Object.keys(picked)).toEqual(['b', 'a']);
    expect(describeOptions(z.object(picked))).toEqual([
      { name: 'b', type: '[number, number] | null', default: '[0,1]', required: false, description: 'a range' },
      { name: 'a', type: 'number >= 1', default: '3', required: false, description: 'a count' },
    ]);
  });
});
