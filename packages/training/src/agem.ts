import { agemPlugin, type AgemPluginOptions } from './agem-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Averaged GEM (Avalanche's `AGEM`): the template plus an {@link AgemPlugin} storing `patternsPerExp`
 * samples per experience and projecting each step's gradient against a reference gradient on
 * `sampleSize` memory samples (default 64). The reference gradient uses the strategy's criterion.
 */
export function agem(options: StrategyOptions & Omit<AgemPluginOptions, 'criterion'>): SupervisedTemplate {
  const { patternsPerExp, sampleSize, sources, ...common } = options;
  const plugin = agemPlugin({ patternsPerExp, sampleSize, sources, criterion: common.criterion });
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), plugin] });
}
