import { naive, type Optimizer, type StrategyOptions } from '@avalanche-ts/training';
import { strictOptions } from './describe-options.js';
import type { StrategyBuildContext, Trainer } from './experiment-registries.js';
import { Registry, registryEntry } from './registry.js';

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

/**
 * The strategies a config can name, each the training package's factory with the hyper-parameters a config
 * can set (Avalanche's defaults where it has them).
 */
export function strategyRegistry(): Registry<Trainer, StrategyBuildContext<Optimizer>> {
  return new Registry<Trainer, StrategyBuildContext<Optimizer>>('strategy', [
    registryEntry({
      name: 'naive',
      description: 'fine-tuning on each experience in turn, no protection against forgetting (lower bound)',
      options: strictOptions({}),
      create: (_o, c) => naive(templateOptions(c)),
    }),
  ]);
}
