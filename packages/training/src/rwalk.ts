import { rwalkPlugin, type RWalkOptions } from './rwalk-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Naive fine-tuning plus an {@link RWalkPlugin} (Riemannian Walk, Chaudhry et al. 2018, ECCV), as
 * Avalanche's continual-learning baselines use it: loss = criterion + λ · Σ_i (F_i / max F + relu(S_i) / max S)
 * (θ_i − θ*_i)², with the EWC++ importance F and the path score S. Defaults λ 0.1, α 0.9, Δt 10. The
 * importance gradients use the strategy's criterion.
 */
export function rwalk(options: StrategyOptions & RWalkOptions): SupervisedTemplate {
  const { ewcLambda, ewcAlpha, deltaT, ...common } = options;
  const plugin = rwalkPlugin({ ewcLambda, ewcAlpha, deltaT, criterion: common.criterion });
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), plugin] });
}
