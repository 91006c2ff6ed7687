import * as tf from '@tensorflow/tfjs';
import { PluginDispatcher } from './plugin-dispatcher.js';
import { PluginError } from './plugin-error.js';
import type { StrategyContext, StrategyControls } from './strategy-context.js';
import type { StrategyPlugin } from './strategy-plugin.js';

const ctx = {} as StrategyContext;
const controls = {} as StrategyControls;

describe('PluginDispatcher', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('calls hooks in ascending order, ties in the given order, synchronously when all are sync', () => {
    const calls: string[] = [];
    const mk = (name: string, order?: number): StrategyPlugin => ({ name, order, beforeTraining: () => void calls.push(name) });
    const d = new PluginDispatcher([mk('a'), mk('late', 10), mk('early', -1), mk('b')]);
    const result = d.trigger('beforeTraining', ctx, controls);
    expect(result).toBeUndefined();
    expect(calls).toEqual(['early', 'a', 'b', 'late']);
    expect(d.has('afterTraining')).toBe(false);
  });

  it('awaits async hooks and keeps the order after them', async () => {
    const calls: string[] = [];
    const d = new PluginDispatcher([
      { name: 'sync1', afterTrainingExp: () => void calls.push('sync1') },
      { name: 'async', afterTrainingExp: async () => { await new Promise((r) => setTimeout(r, 5)); calls.push('async'); } },
      { name: 'sync2', afterTrainingExp: () => void calls.push('sync2') },
    ]);
    const result = d.trigger('afterTrainingExp', ctx, controls);
    expect(result).toBeInstanceOf(Promise);
    expect(calls).toEqual(['sync1']);
    await result;
    expect(calls).toEqual(['sync1', 'async', 'sync2']);
  });

  it('names the failing plugin and hook, sync or async', async () => {
    const d = new PluginDispatcher([{ name: 'broken', beforeTrainingEpoch: () => { throw new Error('bad state'); } }]);
    expect(() => d.trigger('beforeTrainingEpoch', ctx, controls)).toThrow(PluginError);
    expect(() => d.trigger('beforeTrainingEpoch', ctx, controls)).toThrow('plugin "broken" failed in hook "beforeTrainingEpoch": bad state');
    const a = new PluginDispatcher([{ name: 'slow', afterEval: async () => { throw new Error('io'); } }]);
    await expect(a.trigger('afterEval', ctx, controls)).rejects.toThrow('plugin "slow" failed in hook "afterEval": io');
  });

  it('sums loss terms and frees replaced gradients', () => {
    const d = new PluginDispatcher([
      { name: 'l1', lossTerm: () => tf.scalar(1.5) },
      { name: 'none', lossTerm: () => undefined },
      { name: 'l2', lossTerm: () => tf.scalar(2) },
    ]);
    const total = d.lossTerms(ctx)!;
    expect(total.dataSync()[0]).toBe(3.5);
    tf.dispose(total);

    const before = tf.memory().numTensors;
    const grads = { w: tf.ones([2]), b: tf.ones([1]) };
    const editor = new PluginDispatcher([
      { name: 'double', editGradients: (_c, g) => ({ w: g.w.mul(2), b: g.b }) },
      { name: 'keep', editGradients: () => undefined },
    ]);
    const edited = editor.editGradients(ctx, grads);
    expect(Array.from(edited.w.dataSync())).toEqual([2, 2]);
    expect(edited.b).toBe(grads.b);
    expect(grads.w.isDisposed).toBe(true);
    tf.dispose([edited.w, edited.b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('wraps a throwing loss term', () => {
    const d = new PluginDispatcher([{ name: 'ewc', lossTerm: () => { throw new Error('no fisher'); } }]);
    expect(() => d.lossTerms(ctx)).toThrow('plugin "ewc" failed in hook "lossTerm": no fisher');
  });
});
