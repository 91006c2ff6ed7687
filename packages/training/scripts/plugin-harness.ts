// Test helpers shared by the strategies' plugin tests: train a plugin over several fake experiences
// counting live tensors, and compare state dicts by value.
import * as tf from '@tensorflow/tfjs';
import type { ContinualModel, Experience, StateDict, StateValue, StrategyPlugin } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { sgd } from '../src/sgd.js';
import { SupervisedTemplate } from '../src/supervised-template.js';

export interface CountingRun {
  /** Live tensors after each experience. */
  readonly counts: number[];
  /** Live tensors before the strategy existed and after it was disposed (the model excluded). */
  readonly before: number;
  readonly afterDispose: number;
  readonly model: ContinualModel;
  readonly experiences: Experience[];
}

/** Trains `plugin` (through the template) on `nExperiences` fake experiences, counting tensors after each. */
export async function trainCounting(
  makePlugin: (experiences: Experience[]) => StrategyPlugin,
  options: { nExperiences?: number; taskLabels?: boolean; trainMbSize?: number; makeModel?: (nClasses: number) => ContinualModel; beforeDispose?: (plugin: StrategyPlugin, model: ContinualModel, experiences: Experience[]) => Promise<void> } = {},
): Promise<CountingRun> {
  const scenario = fakeScenario({ nExperiences: options.nExperiences ?? 5, taskLabels: options.taskLabels, samplesPerClass: 12, seed: 3 });
  const experiences = [...scenario.trainStream];
  const model = options.makeModel ? options.makeModel(2 * experiences.length) : new TinyModel({ inputSize: 8, nClasses: 2 * experiences.length, seed: 1 });
  const before = tf.memory().numTensors;
  const plugin = makePlugin(experiences);
  const strategy = new SupervisedTemplate({ model, optimizer: sgd({ lr: 0.05 }), trainMbSize: options.trainMbSize ?? 8, plugins: [plugin], seed: 7 });
  const counts: number[] = [];
  for (const exp of experiences) {
    await strategy.train(exp);
    await strategy.eval(exp);
    counts.push(tf.memory().numTensors);
  }
  if (options.beforeDispose) await options.beforeDispose(plugin, model, experiences);
  strategy.dispose();
  return { counts, before, afterDispose: tf.memory().numTensors, model, experiences };
}

/** A JSON-like copy of a state with tensors replaced by their values, for toEqual comparisons. */
export function stateValues(value: StateValue | StateDict): unknown {
  if (value instanceof tf.Tensor) return { shape: value.shape, values: Array.from(value.dataSync()) };
  if (ArrayBuffer.isView(value)) return { typed: value.constructor.name, values: Array.from(value as Int32Array) };
  if (Array.isArray(value)) return value.map((v) => stateValues(v));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stateValues(v as StateValue)]));
  return value;
}

/** Frees every tensor inside a state dict (state dicts hand out clones). */
export function disposeState(value: StateValue | StateDict): void {
  if (value instanceof tf.Tensor) value.dispose();
  else if (Array.isArray(value)) value.forEach((v) => disposeState(v));
  else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) Object.values(value).forEach((v) => disposeState(v as StateValue));
}

/** `plugin.stateDict()` loaded into `fresh` gives back the same state, by value. */
export async function roundTrip(plugin: StrategyPlugin, fresh: StrategyPlugin): Promise<{ original: unknown; restored: unknown }> {
  const state = await plugin.stateDict!();
  await fresh.loadStateDict!(state);
  const restoredState = await fresh.stateDict!();
  const result = { original: stateValues(state), restored: stateValues(restoredState) };
  disposeState(state);
  disposeState(restoredState);
  return result;
}

/**
 * Trains a plugin from `makePlugin` on `nExperiences` fake experiences (default 2, see {@link trainCounting}),
 * then {@link roundTrip}s its state into a fresh one from `makeFresh` (default `makePlugin`), which is
 * disposed after.
 */
export async function roundTripAfterTraining(
  makePlugin: (experiences: Experience[]) => StrategyPlugin,
  options: { nExperiences?: number; makeFresh?: (experiences: Experience[]) => StrategyPlugin } = {},
): Promise<{ original: unknown; restored: unknown }> {
  let result: { original: unknown; restored: unknown } | undefined;
  await trainCounting(makePlugin, {
    nExperiences: options.nExperiences ?? 2,
    beforeDispose: async (plugin, _model, experiences) => {
      const fresh = (options.makeFresh ?? makePlugin)(experiences);
      result = await roundTrip(plugin, fresh);
      fresh.dispose?.();
    },
  });
  return result!;
}
