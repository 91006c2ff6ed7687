import { z } from 'zod';
import { parseWithSchema } from '@avalanche-ts/core';
import { PNN } from '@avalanche-ts/models';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

const pnnStrategySchema = z
  .object({
    model: z.custom<PNN>((m) => m instanceof PNN, { message: 'pnn() needs a PNN model (new PNN({ ... }) from @avalanche-ts/models)' }),
  })
  .passthrough();

/**
 * Progressive Neural Networks (Rusu et al. 2016, arXiv:1606.04671), as Avalanche's `PNNStrategy`: the
 * template over a {@link PNN} model, which adds a column per new task label during model adaptation and
 * freezes the previous columns, h^ℓ_t = relu(W^ℓ_t h^{ℓ−1}_t + adapter(h^{ℓ−1}_{<t})). Old tasks cannot be
 * forgotten: their columns and heads receive no update. Meant for task-incremental scenarios (one task
 * label per experience, task labels at test time). `evalMbSize` defaults to `trainMbSize` (Avalanche: 1).
 */
export function pnn(options: StrategyOptions & { model: PNN }): SupervisedTemplate {
  parseWithSchema(pnnStrategySchema, options, 'pnn options');
  return new SupervisedTemplate(options);
}
