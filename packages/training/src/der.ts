import { derPlugin, type DerOptions } from './der-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * DER / DER++ (Avalanche's `DER`; Buzzega et al., NeurIPS 2020): the template with a {@link DerPlugin}
 * whose loss CE + α·MSE(logits) + β·CE(memory) is the criterion. Defaults: `memSize` 200,
 * `batchSizeMem` = `trainMbSize`, `alpha` 0.1, `beta` 0.5 (DER++; `beta: 0` gives DER).
 */
export function der(options: StrategyOptions & DerOptions): SupervisedTemplate {
  const { memSize, batchSizeMem, alpha, beta, sources, criterion, ...common } = options;
  const plugin = derPlugin({ memSize, batchSizeMem, alpha, beta, sources });
  return new SupervisedTemplate({ ...common, criterion: plugin.criterion(criterion), plugins: [...(common.plugins ?? []), plugin] });
}
