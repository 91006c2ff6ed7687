import { z } from 'zod';
import { ValidationError, parseWithSchema } from '@avalanche-ts/core';
import { ExpertGate } from '@avalanche-ts/models';
import { expertGatePlugin, type ExpertGatePluginOptions } from './expert-gate-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

const tempSchema = z.object({ temp: z.number().finite().positive().default(2) });

/** Options of {@link expertGate}: the common ones (the model an `ExpertGate`), the plugin's, and the gate's `temp`. */
export type ExpertGateStrategyOptions = StrategyOptions & ExpertGatePluginOptions & {
  /** Softmax temperature of the gate (default 2). */
  temp?: number;
};

/**
 * Avalanche's `ExpertGateStrategy` (Aljundi, Chakravarty & Tuytelaars, CVPR 2017, "Expert Gate: Lifelong
 * Learning with a Network of Experts"): the template plus an {@link ExpertGatePlugin}, on an `ExpertGate`
 * model of `@avalanche-ts/models`. Each experience (one task) gets an autoencoder and an expert initialised
 * from the most related earlier expert (with LwF when relatedness > `relThresh`); at test time the
 * autoencoders choose the expert of each sample, so no task label is needed. Defaults: `aeTrainMbSize` 1,
 * `aeTrainEpochs` 2, `aeLatentDim` 100, `aeLr` 1e-3, `temp` 2, `relThresh` 0.85.
 */
export function expertGate(options: ExpertGateStrategyOptions): SupervisedTemplate {
  const { aeTrainMbSize, aeTrainEpochs, aeLatentDim, aeLr, relThresh, temp, ...common } = options;
  if (!(common.model instanceof ExpertGate)) {
    throw new ValidationError(`expertGate options.model: expected an ExpertGate model, got "${String(common.model?.name)}"`);
  }
  common.model.temp = parseWithSchema(tempSchema, { temp }, 'expertGate options').temp;
  const plugin = expertGatePlugin({ aeTrainMbSize, aeTrainEpochs, aeLatentDim, aeLr, relThresh });
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), plugin] });
}
