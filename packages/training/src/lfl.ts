import { lflPlugin, type LflOptions } from './lfl-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Less-Forgetful Learning (Jung et al., AAAI 2018), as Avalanche's `LFL`: the template plus an
 * {@link LflPlugin}: L = CE + λ_e · MSE(φ(x), φ_old(x)) on the penultimate features, with the last layer
 * frozen after the first experience. Meant for a shared head over new domains (domain-incremental).
 */
export function lfl(options: StrategyOptions & LflOptions): SupervisedTemplate {
  const { lambdaE, ...common } = options;
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), lflPlugin({ lambdaE })] });
}
