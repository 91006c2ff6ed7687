import * as tf from '@tensorflow/tfjs';
import type { ContinualModel, Experience } from '@avalanche-ts/core';
import { fakeScenario } from '@avalanche-ts/core/testing';
import { checkpointToBytes, restoreFromBytes } from '../checkpoint.js';
import { sgd } from '../sgd.js';
import type { StrategyOptions } from '../strategy-options.js';
import type { SupervisedTemplate } from '../supervised-template.js';

/** Builds the strategy under test from the common options; `sources` are the experiences it trains on. */
export type MakeStrategy = (common: StrategyOptions, sources: Experience[]) => SupervisedTemplate;

export interface ResumeCase {
  readonly make: MakeStrategy;
  /** A fresh model, the same architecture and initial weights at each call. */
  readonly makeModel: () => ContinualModel;
  /** What must come back identical after a run (default: the model's parameters). */
  readonly snapshot?: (strategy: SupervisedTemplate, model: ContinualModel, experiences: Experience[]) => Promise<number[][]>;
  /** Also make every parameter trainable again when wiping the model (default false). */
  readonly unfreeze?: boolean;
}

/** The values of the model's parameters, in order. */
async function parameterValues(_strategy: SupervisedTemplate, model: ContinualModel): Promise<number[][]> {
  return model.namedParameters().map(([, v]) => Array.from(v.dataSync()));
}

/**
 * Trains three small fake experiences straight through (seed 5), then again with a checkpoint after the
 * first and after the second experience (model weights zeroed, a new strategy with seed 99, then
 * restored, as in a fresh process), and expects bit-identical snapshots; a run with seed 6 must differ.
 */
export async function expectExactResume({ make, makeModel, snapshot = parameterValues, unfreeze = false }: ResumeCase): Promise<void> {
  const exps = [...fakeScenario({ nExperiences: 3, samplesPerClass: 10, seed: 2 }).trainStream];
  const run = async (seed: number, stopAfter?: number) => {
    const model = makeModel();
    let strategy = make({ model, optimizer: sgd({ lr: 0.05, momentum: 0.9 }), trainMbSize: 4, seed }, exps);
    for (const [i, exp] of exps.entries()) {
      await strategy.train(exp);
      if (i === stopAfter) {
        const bytes = await checkpointToBytes(strategy);
        strategy.dispose();
        // A fresh process: weights wiped, new strategy and plugins, then restore.
        for (const [, v] of model.namedParameters()) {
          v.assign(tf.zerosLike(v));
          if (unfreeze) v.trainable = true;
        }
        strategy = make({ model, optimizer: sgd({ lr: 0.05, momentum: 0.9 }), trainMbSize: 4, seed: 99 }, exps);
        await restoreFromBytes(strategy, bytes);
      }
    }
    const result = await snapshot(strategy, model, exps);
    strategy.dispose();
    model.dispose();
    return result;
  };
  const straight = await run(5);
  expect(await run(5, 0)).toEqual(straight);
  expect(await run(5, 1)).toEqual(straight);
  expect(await run(6)).not.toEqual(straight);
}
