import { gemPlugin, type GemPluginOptions } from './gem-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Gradient Episodic Memory (Avalanche's `GEM`): the template plus a {@link GemPlugin} storing
 * `patternsPerExp` samples per experience and projecting each step's gradient by a QP so that the loss
 * on no past experience's memory increases (margin `memoryStrength`, default 0.5).
 */
export function gem(options: StrategyOptions & Omit<GemPluginOptions, 'criterion'>): SupervisedTemplate {
  const { patternsPerExp, memoryStrength, sources, ...common } = options;
  const plugin = gemPlugin({ patternsPerExp, memoryStrength, sources, criterion: common.criterion });
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), plugin] });
}
