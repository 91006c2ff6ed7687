import { cwrStarPlugin, type CwrStarOptions } from './cwr-star-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * CWR* (Lomonaco, Maltoni & Pellegrini 2020, CVPR Workshops), as Avalanche's `CWRStar`: the template plus a
 * {@link CwrStarPlugin}. Each experience trains the CWR layer's current-class weights from their
 * consolidated values (the rest of the model frozen after the first experience); afterwards
 * cw_j = (cw_j·√(past_j/cur_j) + w_j − avg) / (√(past_j/cur_j) + 1). Meant for class-incremental scenarios.
 */
export function cwrStar(options: StrategyOptions & CwrStarOptions): SupervisedTemplate {
  const { cwrLayerName, freezeRemainingModel, ...common } = options;
  const plugin = cwrStarPlugin({ cwrLayerName, freezeRemainingModel });
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), plugin] });
}
