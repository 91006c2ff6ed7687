import { ewcPlugin } from './ewc-plugin.js';
import type { EwcOptions } from './ewc-regularizer.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Elastic Weight Consolidation (Avalanche's `EWC`): the template plus an {@link EwcPlugin}; the loss is
 * criterion + λ · Σ F (θ − θ*)² (separate or online mode). The Fisher uses the strategy's criterion.
 */
export function ewc(options: StrategyOptions & EwcOptions): SupervisedTemplate {
  const { ewcLambda, mode, decayFactor, keepImportanceData, ...common } = options;
  const plugin = ewcPlugin({ ewcLambda, mode, decayFactor, keepImportanceData, criterion: common.criterion });
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), plugin] });
}
