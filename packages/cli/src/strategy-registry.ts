import {
  agem,
  cumulative,
  ewc,
  fromScratchTraining,
  gdumb,
  gem,
  lwf,
  mas,
  naive,
  replay,
  synapticIntelligence,
  type Optimizer,
} from '@avalanche-ts/training';
import { z } from 'zod';
import { strictOptions } from './describe-options.js';
import type { StrategyBuildContext, Trainer } from './experiment-registries.js';
import { architecturalFamilyStrategies } from './architectural-family-strategies.js';
import { metaFamilyStrategies } from './meta-family-strategies.js';
import { prototypeFamilyStrategies } from './prototype-family-strategies.js';
import { Registry, registryEntry } from './registry.js';
import { replayFamilyStrategies } from './replay-family-strategies.js';
import { templateOptions } from './template-options.js';

export { templateOptions } from './template-options.js';

const lambdas = z.union([z.number().nonnegative(), z.array(z.number().nonnegative()).nonempty()]);

/**
 * The strategies a config can name: each is the training package's factory, with the hyper-parameters a
 * config can hold. Defaults are Avalanche's; where Avalanche has none (EWC's and SI's lambda, A-GEM's and
 * GEM's patterns per experience) the default here is a value that works on SplitMNIST, and says so.
 * JointTraining is not listed: it trains once on the whole stream, not experience by experience. The
 * strategies of the four families of the training package follow, one file per family; those that need a
 * model or extractor the CLI cannot build from a config are listed in the README as library-only.
 */
export function strategyRegistry(): Registry<Trainer, StrategyBuildContext<Optimizer>> {
  return new Registry<Trainer, StrategyBuildContext<Optimizer>>('strategy', [
    registryEntry({
      name: 'naive',
      description: 'fine-tuning on each experience in turn, no protection against forgetting (lower bound)',
      options: strictOptions({}),
      create: (_o, c) => naive(templateOptions(c)),
    }),
    registryEntry({
      name: 'cumulative',
      description: 'trains on the union of every experience seen so far (upper bound, grows with the stream)',
      options: strictOptions({}),
      create: (_o, c) => cumulative(templateOptions(c)),
    }),
    registryEntry({
      name: 'fromScratchTraining',
      description: 'resets the model (and optimizer) to its initial weights before each experience',
      options: strictOptions({ resetOptimizer: z.boolean().default(true).describe('also reset the optimizer state') }),
      create: (o, c) => fromScratchTraining({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'replay',
      description: 'experience replay: an experience-balanced memory; each minibatch adds as many memory samples',
      options: strictOptions({ memSize: z.number().int().min(1).default(200).describe('memory size in samples') }),
      create: (o, c) => replay({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'gdumb',
      description: 'GDumb: a class-balanced memory; the model is re-initialised and trained only on it',
      options: strictOptions({ memSize: z.number().int().min(1).default(200).describe('memory size in samples') }),
      create: (o, c) => gdumb({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'lwf',
      description: 'Learning without Forgetting: distillation from the model of the previous experience',
      options: strictOptions({ alpha: lambdas.default(1).describe('distillation weight (or one per experience)'), temperature: z.number().positive().default(2).describe('distillation temperature') }),
      create: (o, c) => lwf({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'ewc',
      description: 'Elastic Weight Consolidation: penalty lambda * sum F (theta - theta*)^2 with the empirical Fisher',
      options: strictOptions({
        ewcLambda: z.number().nonnegative().default(100).describe('penalty weight (Avalanche has no default)'),
        mode: z.enum(['separate', 'online']).default('separate').describe('one penalty per experience, or one running Fisher'),
        decayFactor: z.number().nonnegative().optional().describe('online mode only: F = decay * F_old + F_new'),
        keepImportanceData: z.boolean().default(false).describe('online mode: keep the importances of every experience (separate mode always does)'),
      }),
      create: (o, c) => ewc({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'synapticIntelligence',
      description: 'Synaptic Intelligence: path-integral importance, penalty (lambda/2) * sum omega (theta - theta*)^2',
      options: strictOptions({
        siLambda: lambdas.default(1).describe('penalty weight, or one per experience (Avalanche has no default)'),
        eps: z.number().positive().default(1e-7).describe('damping of the importance denominator'),
        excludedParameters: z.array(z.string()).default([]).describe('parameter names left out of the penalty'),
      }),
      create: (o, c) => synapticIntelligence({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'mas',
      description: 'Memory Aware Synapses: importance from the gradient of the output norm',
      options: strictOptions({
        lambdaReg: z.number().nonnegative().default(1).describe('penalty weight'),
        alpha: z.number().min(0).max(1).default(0.5).describe('decay of the running importance: alpha old + (1 - alpha) new'),
      }),
      create: (o, c) => mas({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'agem',
      description: 'Averaged GEM: projects the gradient when it conflicts with the memory gradient',
      options: strictOptions({
        patternsPerExp: z.number().int().positive().default(250).describe('samples stored per experience (Avalanche has no default)'),
        sampleSize: z.number().int().positive().default(64).describe('memory samples drawn for the reference gradient'),
      }),
      create: (o, c) => agem({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'gem',
      description: 'Gradient Episodic Memory: a QP keeps every past experience\'s loss from growing',
      options: strictOptions({
        patternsPerExp: z.number().int().positive().default(250).describe('samples stored per experience (Avalanche has no default)'),
        memoryStrength: z.number().nonnegative().default(0.5).describe('margin added to the QP solution (gamma)'),
      }),
      create: (o, c) => gem({ ...templateOptions(c), ...o }),
    }),
    ...replayFamilyStrategies(),
    ...prototypeFamilyStrategies(),
    ...architecturalFamilyStrategies(),
    ...metaFamilyStrategies(),
  ]);
}
