import { adam, adamOptionsSchema, sgd, sgdOptionsSchema, type Optimizer } from '@avalanche-ts/training';
import { z } from 'zod';
import { strictOptions } from './describe-options.js';
import type { OptimizerBuildContext } from './experiment-registries.js';
import { Registry, registryEntry } from './registry.js';

/** The optimizers a config can name, with PyTorch's option names and defaults (training's schemas). */
export function optimizerRegistry(): Registry<Optimizer, OptimizerBuildContext> {
  // SGD has no default learning rate in PyTorch; a config that names it bare gets 0.01.
  const sgdShape = { ...sgdOptionsSchema.innerType().shape, lr: z.number().finite().nonnegative().default(0.01) };
  return new Registry<Optimizer, OptimizerBuildContext>('optimizer', [
    registryEntry({
      name: 'sgd',
      description: 'SGD with momentum / Nesterov / weight decay (torch.optim.SGD semantics)',
      options: strictOptions(sgdShape),
      create: (o) => sgd(o),
    }),
    registryEntry({
      name: 'adam',
      description: 'Adam (Kingma & Ba 2015; torch.optim.Adam semantics)',
      options: strictOptions(adamOptionsSchema.shape),
      create: (o) => adam(o),
    }),
  ]);
}
