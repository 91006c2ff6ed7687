import { z } from 'zod';
import { ValidationError } from '@avalanche-ts/core';
import { describeOptions, strictOptions } from './describe-options.js';
import { Registry, registryEntry } from './registry.js';

describe('Registry', () => {
  const registry = new Registry<string, { prefix: string }>('strategy', [
    registryEntry({
      name: 'replay',
      description: 'experience replay',
      options: strictOptions({ memSize: z.number().int().min(1).default(200).describe('buffer size') }),
      create: (options, context) => `${context.prefix}:${options.memSize}`,
    }),
  ]);

  it('parses options (defaults filled) and calls the factory', async () => {
    expect(await registry.create('replay', undefined, { prefix: 'r' })).toBe('r:200');
    expect(await registry.create('replay', { memSize: 5 }, { prefix: 'r' })).toBe('r:5');
    expect(registry.names()).toEqual(['replay']);
  });

  it('names the field, the value and the allowed names for an unknown entry', () => {
    expect(() => registry.get('replai', 'config.strategy.name')).toThrow('config.strategy.name: unknown strategy "replai"; allowed: replay');
    expect(() => registry.get('replai')).toThrow(ValidationError);
  });

  it('validates options with the entry schema', async () => {
    await expect(registry.create('replay', { memSize: 0 }, { prefix: '' }, 'replayOptions')).rejects.toThrow(/replayOptions\.memSize: .* \(got 0\)/);
  });

  it('refuses a duplicate name', () => {
    expect(() => registry.add({ name: 'replay', description: '', options: z.object({}), create: () => '' })).toThrow('strategy "replay" is already registered');
  });
});

describe('describeOptions', () => {
  it('lists fields with type, default, requiredness and description', () => {
    const schema = strictOptions({
      lr: z.number().positive().describe('learning rate'),
      momentum: z.number().min(0).max(1).default(0),
      mode: z.enum(['separate', 'online']).default('separate'),
      decay: z.number().optional(),
      sizes: z.array(z.number().int()).default([1, 2]),
      weights: z.array(z.number().min(0)).optional(),
    });
    expect(describeOptions(schema)).toEqual([
      { name: 'lr', type: 'number > 0', default: undefined, required: true, description: 'learning rate' },
      { name: 'momentum', type: 'number >= 0 <= 1', default: '0', required: false, description: undefined },
      { name: 'mode', type: '"separate" | "online"', default: '"separate"', required: false, description: undefined },
      { name: 'decay', type: 'number', default: undefined, required: false, description: undefined },
      { name: 'sizes', type: 'integer[]', default: '[1,2]', required: false, description: undefined },
      { name: 'weights', type: '(number >= 0)[]', default: undefined, required: false, description: undefined },
    ]);
    expect(describeOptions(z.string())).toEqual([]);
  });
});
