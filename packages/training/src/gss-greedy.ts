import { gssGreedyPlugin, type GssGreedyOptions } from './gss-greedy-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * GSS-greedy (Avalanche's `GSS_greedy`; Aljundi et al., NeurIPS 2019): the template with a
 * {@link GssGreedyPlugin}. Defaults: `memSize` 200, `memStrength` 1 (Avalanche's strategy; its plugin
 * alone defaults to 5). Avalanche's `input_size` is inferred from the data (`inputSize` is checked when given).
 */
export function gssGreedy(options: StrategyOptions & GssGreedyOptions): SupervisedTemplate {
  const { memSize, memStrength, inputSize, ...common } = options;
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), gssGreedyPlugin({ memSize, memStrength, inputSize })] });
}
