import { copePlugin, type CopeOptions } from './cope-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Continual Prototype Evolution (Avalanche's `CoPE`; De Lange & Tuytelaars, ICCV 2021): the template with
 * a {@link CopePlugin} whose PPP loss is the criterion (a `criterion` option is ignored, as Avalanche
 * replaces it). The model's output width must be `pSize`. Defaults: `memSize` 200, `nClasses` 10,
 * `pSize` 100, `alpha` 0.99, `T` 0.1, one iteration per experience (online streams).
 */
export function cope(options: StrategyOptions & CopeOptions): SupervisedTemplate {
  const { memSize, nClasses, pSize, alpha, T, pInitAdaptive, maxItCnt, sources, criterion: _replaced, ...common } = options;
  const plugin = copePlugin({ memSize, nClasses, pSize, alpha, T, pInitAdaptive, maxItCnt, sources });
  return new SupervisedTemplate({ ...common, criterion: plugin.criterion(), plugins: [...(common.plugins ?? []), plugin] });
}
