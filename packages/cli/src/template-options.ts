import { ValidationError } from '@avalanche-ts/core';
import type { Optimizer, StrategyOptions } from '@avalanche-ts/training';
import type { ModelBuildContext, StrategyBuildContext } from './experiment-registries.js';

/** The template's common options from what the experiment built. */
export function templateOptions(context: StrategyBuildContext<Optimizer>): StrategyOptions {
  return {
    model: context.model,
    optimizer: context.optimizer,
    trainMbSize: context.trainMbSize,
    trainEpochs: context.trainEpochs,
    evalMbSize: context.evalMbSize,
    evalEvery: context.evalEvery,
    evaluator: context.evaluator,
    plugins: [...context.plugins],
    seed: context.seed,
  };
}

/** The benchmark facts of the context, for strategies sized from the data; an error names the strategy when absent. */
export function benchmarkOf(context: StrategyBuildContext<Optimizer>, strategy: string): ModelBuildContext {
  if (context.benchmark === undefined) {
    throw new ValidationError(`strategy "${strategy}": its build context has no "benchmark" (sample shape and class count); runExperiment gives it, a hand-made context must too`);
  }
  return context.benchmark;
}
