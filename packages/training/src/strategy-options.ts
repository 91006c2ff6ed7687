import type * as tf from '@tensorflow/tfjs';
import type { ContinualModel, Evaluator, StrategyContext, StrategyPlugin } from '@avalanche-ts/core';
import { z } from 'zod';
import type { Optimizer } from './optimizer.js';

/** A loss over the model output and the class targets; runs inside the gradient closure during training. */
export type Criterion = (output: tf.Tensor2D, targets: tf.Tensor1D, context: StrategyContext) => tf.Scalar;

const isObjectWith = (...methods: string[]) => (value: unknown) =>
  typeof value === 'object' && value !== null && methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');

/** Schema of {@link StrategyOptions}: the common options of the template and every strategy factory. */
export const strategyOptionsSchema = z
  .object({
    model: z.custom<ContinualModel>(isObjectWith('forward', 'namedParameters', 'setTraining'), {
      message: 'expected a ContinualModel (forward, namedParameters, setTraining)',
    }),
    optimizer: z.custom<Optimizer>(isObjectWith('step', 'setParameters', 'stateDict'), {
      message: 'expected an avalanche-ts optimizer (sgd(...) or adam(...))',
    }),
    criterion: z.custom<Criterion>((v) => typeof v === 'function', { message: 'expected a function' }).optional(),
    trainMbSize: z.number().int().positive().default(1),
    trainEpochs: z.number().int().nonnegative().default(1),
    evalMbSize: z.number().int().positive().optional(),
    plugins: z.array(z.custom<StrategyPlugin>((v) => typeof v === 'object' && v !== null && typeof (v as StrategyPlugin).name === 'string', {
      message: 'expected a plugin object with a string `name`',
    })).default([]),
    evaluator: z.custom<Evaluator>(isObjectWith('getLastMetrics'), { message: 'expected an Evaluator (getLastMetrics)' }).optional(),
    evalEvery: z.number().int().min(-1).default(-1),
    pevalMode: z.enum(['epoch', 'iteration']).default('epoch'),
    seed: z.number().finite().default(0),
  })
  // Strategy factories pass their own options through; the template ignores keys it does not know.
  .passthrough();

/**
 * Common options of the template and every strategy factory (Avalanche's `BaseSGDTemplate` arguments,
 * camelCased). Defaults: `trainMbSize` 1, `trainEpochs` 1, `evalMbSize` = `trainMbSize`, `evalEvery` -1
 * (no periodic evaluation; 0 after each experience; k every k epochs or iterations per `pevalMode`), `seed` 0.
 */
export interface StrategyOptions {
  model: ContinualModel;
  optimizer: Optimizer;
  /** Default {@link crossEntropyLoss}. */
  criterion?: Criterion;
  trainMbSize?: number;
  trainEpochs?: number;
  evalMbSize?: number;
  plugins?: StrategyPlugin[];
  /** `train()` / `eval()` return `evaluator.getLastMetrics()`, or `{}` without one. */
  evaluator?: Evaluator;
  evalEvery?: number;
  pevalMode?: 'epoch' | 'iteration';
  /** Seeds the template's Rng: shuffles, dropout seeds, plugin sampling. */
  seed?: number;
}

export type ParsedStrategyOptions = z.output<typeof strategyOptionsSchema>;
