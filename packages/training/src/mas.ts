import { masPlugin } from './mas-plugin.js';
import type { MasOptions } from './mas-regularizer.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Memory Aware Synapses (Avalanche's `MAS`): the template plus a {@link MasPlugin}; the loss is
 * criterion + λ · Σ Ω (θ − θ*)². Unlike Avalanche, `evalMbSize` defaults to `trainMbSize` (Avalanche uses
 * 1 for MAS; only the speed of evaluation differs).
 */
export function mas(options: StrategyOptions & MasOptions): SupervisedTemplate {
  const { lambdaReg, alpha, ...common } = options;
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), masPlugin({ lambdaReg, alpha })] });
}
