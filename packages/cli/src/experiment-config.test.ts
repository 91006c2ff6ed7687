import { z } from 'zod';
import { ValidationError } from '@avalanche-ts/core';
import { EXPERIMENT_DEFAULTS, resolveExperimentConfig, type ConfigRegistries } from './experiment-config.js';
import { strictOptions } from './describe-options.js';
import { Registry } from './registry.js';

// Registries with the real shape but trivial factories: the schema only reads names and option schemas.
function registries(): ConfigRegistries {
  const entry = (name: string, shape: z.ZodRawShape = {}) => ({ name, description: name, options: strictOptions(shape), create: () => name });
  return {
    benchmarks: new Registry('benchmark', [entry('splitMNIST', { nExperiences: z.number().int().min(1).default(5) })]),
    models: new Registry('model', [entry('simpleMLP', { hiddenSize: z.number().int().positive().default(512) })]),
    strategies: new Registry('strategy', [
      entry('naive'),
      entry('replay', { memSize: z.number().int().min(1).default(200) }),
      entry('ewc', { ewcLambda: z.number().min(0).default(1), mode: z.enum(['separate', 'online']).default('separate') }),
    ]),
    optimizers: new Registry('optimizer', [entry('sgd', { lr: z.number().positive().default(0.01), momentum: z.number().min(0).default(0) }), entry('adam')]),
    metrics: new Registry('metric', [entry('accuracy'), entry('loss'), entry('forgetting')]),
    loggers: new Registry('logger', [entry('interactive'), entry('csv')]),
  };
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('resolveExperimentConfig', () => {
  it('fills every default and expands bare names', () => {
    const config = resolveExperimentConfig({ benchmark: 'splitMNIST', model: { name: 'simpleMLP' }, strategy: 'replay' }, registries());
    expect(config).toEqual({
      name: 'experiment',
      benchmark: { name: 'splitMNIST', options: { nExperiences: 5 } },
      model: { name: 'simpleMLP', options: { hiddenSize: 512 } },
      strategies: [{ name: 'replay', label: 'replay', options: { memSize: 200 } }],
      optimizer: { name: 'sgd', options: { lr: 0.01, momentum: 0.9 } },
      trainEpochs: EXPERIMENT_DEFAULTS.trainEpochs,
      trainMbSize: EXPERIMENT_DEFAULTS.trainMbSize,
      evalMbSize: EXPERIMENT_DEFAULTS.evalMbSize,
      evalEvery: -1,
      seeds: [0],
      metrics: [
        { name: 'accuracy', options: {} },
        { name: 'loss', options: {} },
        { name: 'forgetting', options: {} },
      ],
      loggers: [{ name: 'interactive', options: {} }],
      output: 'runs',
      backend: 'auto',
    });
  });

  it('resolving a resolved config changes nothing (config.json reruns the same experiment)', () => {
    const regs = registries();
    const once = resolveExperimentConfig(
      { benchmark: 'splitMNIST', model: 'simpleMLP', strategies: ['naive', { name: 'ewc', label: 'ewc-10', options: { ewcLambda: 10 } }], seeds: [2, 1] },
      regs,
    );
    expect(resolveExperimentConfig(JSON.parse(JSON.stringify(once)), regs)).toEqual(once);
    expect(once.strategies.map((s) => s.label)).toEqual(['naive', 'ewc-10']);
    expect(once.strategies[1].options).toEqual({ ewcLambda: 10, mode: 'separate' });
  });

  it('names the field, the value and the allowed names for an unknown component', () => {
    const error = errorOf(() => resolveExperimentConfig({ benchmark: 'splitMNIST', model: 'simpleMLP', strategies: ['naive', 'ewk'] }, registries()));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.message).toContain('config.strategies.1.name: unknown strategy "ewk"; allowed: naive, replay, ewc (got "ewk")');
  });

  it('names the field, the value and the rule for a bad option', () => {
    const error = errorOf(() =>
      resolveExperimentConfig({ benchmark: 'splitMNIST', model: 'simpleMLP', strategy: { name: 'replay', options: { memSize: -3 } } }, registries()),
    );
    expect(error.message).toMatch(/config\.strategy\.options\.memSize: .*greater than or equal to 1 \(got -3\)/);
    const enumError = errorOf(() =>
      resolveExperimentConfig({ benchmark: 'splitMNIST', model: 'simpleMLP', strategy: { name: 'ewc', options: { mode: 'offline' } } }, registries()),
    );
    expect(enumError.message).toMatch(/config\.strategy\.options\.mode: .*'separate' \| 'online'.* \(got "offline"\)/);
  });

  it('rejects unknown option and top-level keys, listing the allowed ones', () => {
    const options = errorOf(() =>
      resolveExperimentConfig({ benchmark: 'splitMNIST', model: 'simpleMLP', strategy: { name: 'replay', options: { memsize: 10 } } }, registries()),
    );
    expect(options.message).toContain('config.strategy.options: unknown option "memsize"; allowed: memSize');
    const top = errorOf(() => resolveExperimentConfig({ benchmark: 'splitMNIST', model: 'simpleMLP', strategy: 'naive', epochs: 3 }, registries()));
    expect(top.message).toMatch(/config: unknown field "epochs"; allowed: name, description, benchmark, .*trainEpochs/);
  });

  it('checks the experiment-level fields', () => {
    const base = { benchmark: 'splitMNIST', model: 'simpleMLP', strategy: 'naive' };
    expect(errorOf(() => resolveExperimentConfig({ ...base, trainEpochs: 0 }, registries())).message).toMatch(/config\.trainEpochs: .*greater than or equal to 1 \(got 0\)/);
    expect(errorOf(() => resolveExperimentConfig({ ...base, seeds: [0, 0] }, registries())).message).toContain('config.seeds.1: seed 0 is listed twice (got 0)');
    expect(errorOf(() => resolveExperimentConfig({ ...base, backend: 'gpu' }, registries())).message).toMatch(/config\.backend: .*'auto' \| 'node-gpu' \| 'node' \| 'webgl' \| 'wasm' \| 'cpu'.*\(got "gpu"\)/);
    expect(errorOf(() => resolveExperimentConfig({ benchmark: 'splitMNIST', model: 'simpleMLP' }, registries())).message).toContain(
      'config.strategy: missing; give "strategy" or "strategies" (allowed names: naive, replay, ewc)',
    );
    expect(errorOf(() => resolveExperimentConfig({ ...base, strategies: ['replay'] }, registries())).message).toContain('not both');
    expect(errorOf(() => resolveExperimentConfig({ ...base, strategy: undefined, strategies: ['naive', 'naive'] }, registries())).message).toContain(
      'config.strategies.1.label: label "naive" is used twice',
    );
    expect(errorOf(() => resolveExperimentConfig({ ...base, loggers: ['tensorbord'] }, registries())).message).toContain(
      'config.loggers.0.name: unknown logger "tensorbord"; allowed: interactive, csv',
    );
  });

  it('reports a missing benchmark with the rule', () => {
    expect(errorOf(() => resolveExperimentConfig({ model: 'simpleMLP', strategy: 'naive' }, registries())).message).toMatch(/config\.benchmark: /);
  });
});
