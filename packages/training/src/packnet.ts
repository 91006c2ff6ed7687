import { z } from 'zod';
import { ValidationError, parseWithSchema } from '@avalanche-ts/core';
import { PackNetModel } from '@avalanche-ts/models';
import { packNetPlugin, type PackNetOptions } from './packnet-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

const modelSchema = z
  .object({ model: z.custom<PackNetModel>((m) => m instanceof PackNetModel, { message: 'packNet() needs a PackNetModel (new PackNetModel(model) from @avalanche-ts/models)' }) })
  .passthrough();

/**
 * PackNet (Mallya & Lazebnik 2018, "PackNet: Adding Multiple Tasks to a Single Network by Iterative
 * Pruning", CVPR), as Avalanche's `PackNet`: the template over a {@link PackNetModel} with a
 * {@link PackNetPlugin}. Each experience trains the free weights for `trainEpochs − postPruneEpochs`
 * epochs, prunes the `pruneProportion` of them with the smallest |w| and fine-tunes the rest for
 * `postPruneEpochs`, then freezes them; task k's forward pass uses only the weights of tasks ≤ k. Meant for
 * task-incremental scenarios (task labels at test time). Use SGD without weight decay.
 */
export function packNet(options: StrategyOptions & PackNetOptions & { model: PackNetModel }): SupervisedTemplate {
  const { postPruneEpochs, pruneProportion, ...common } = options;
  parseWithSchema(modelSchema, common, 'packNet options');
  const plugin = packNetPlugin({ postPruneEpochs, pruneProportion });
  const trainEpochs = common.trainEpochs ?? 1;
  if (postPruneEpochs >= trainEpochs) {
    throw new ValidationError(`invalid packNet options:\n  packNet options.postPruneEpochs: must be smaller than trainEpochs (${trainEpochs}) (got ${postPruneEpochs})`);
  }
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), plugin] });
}
