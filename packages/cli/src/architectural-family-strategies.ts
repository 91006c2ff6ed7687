import {
  cwrStar,
  cwrStarOptionsSchema,
  packNet,
  pnn,
  rwalk,
  rwalkOptionsSchema,
  type Optimizer,
} from '@avalanche-ts/training';
import { ValidationError } from '@avalanche-ts/core';
import { PackNetModel, PNN } from '@avalanche-ts/models';
import { z } from 'zod';
import { describedFields, strictOptions } from './describe-options.js';
import type { StrategyBuildContext, Trainer } from './experiment-registries.js';
import { registryEntry, type RegistryEntry } from './registry.js';
import { templateOptions } from './template-options.js';

const proportion = z.number().min(0).max(1);

/**
 * Architectural and regularisation strategies (RWalk, CWR*, PNN, PackNet). PNN and PackNet need their own
 * models, which the model registry builds (`pnn`, `packNetSimpleMLP`); the training factories check it.
 * AR1 is library-only: it builds its own MobileNetV1 (and SGD) for images of 32 x 32 or more; the CLI's are 28 x 28.
 */
export function architecturalFamilyStrategies(): Array<RegistryEntry<Trainer, StrategyBuildContext<Optimizer>, z.ZodTypeAny>> {
  return [
    registryEntry({
      name: 'rwalk',
      description: 'Riemannian Walk: EWC++ Fisher plus path-integral scores, penalty lambda sum (F/max F + S/max S)(theta - theta*)^2',
      options: strictOptions(
        describedFields(rwalkOptionsSchema.shape, {
          ewcLambda: 'penalty weight',
          ewcAlpha: 'alpha of the EWC++ moving average of the Fisher',
          deltaT: 'iterations between two path-score updates',
        }),
      ),
      create: (o, c) => rwalk({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'cwrStar',
      description: 'CWR*: consolidated per-class weights of the last layer; the rest of the model frozen after the first experience',
      options: strictOptions(
        describedFields(cwrStarOptionsSchema.shape, {
          cwrLayerName: 'module name of the CWR layer (default: the model\'s last linear layer)',
          freezeRemainingModel: 'after the first experience train only the CWR layer',
        }),
      ),
      create: (o, c) => cwrStar({ ...templateOptions(c), ...o }),
    }),
    registryEntry({
      name: 'pnn',
      description: 'Progressive Neural Networks: a new column per task label, old columns frozen (model: pnn; task-incremental)',
      options: strictOptions({}),
      create: (_o, c) => pnn({ ...templateOptions(c), model: modelOf(c, PNN, 'pnn', 'pnn') }),
    }),
    registryEntry({
      name: 'packNet',
      description: 'PackNet: train, prune the smallest free weights, fine-tune, freeze, per task (model: packNetSimpleMLP; task-incremental)',
      options: strictOptions({
        // At least 1 (the library allows 0, but then its plugin never prunes: pruning runs before an epoch).
        postPruneEpochs: z
          .number()
          .int()
          .min(1)
          .default(1)
          .describe('fine-tuning epochs after pruning, fewer than trainEpochs, so trainEpochs >= 2 (Avalanche has no default)'),
        pruneProportion: z.union([proportion, z.array(proportion).nonempty()]).default(0.5).describe('share of the free weights pruned after each experience, or one per experience'),
      }),
      create: (o, c) => packNet({ ...templateOptions(c), ...o, model: modelOf(c, PackNetModel, 'packNet', 'packNetSimpleMLP') }),
    }),
  ];
}

/** The context's model as `type`, or an error that names the model entry the strategy needs. */
function modelOf<M>(c: StrategyBuildContext<Optimizer>, type: new (...args: never[]) => M, strategy: string, modelName: string): M {
  if (!(c.model instanceof type)) {
    throw new ValidationError(`config.model: strategy "${strategy}" needs the model "${modelName}" (model: { name: ${modelName} }); got a ${c.model.name}`);
  }
  return c.model;
}
