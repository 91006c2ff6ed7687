import { mirPlugin, type MirOptions } from './mir-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Maximally Interfered Retrieval (Avalanche's `MIR`; Aljundi et al., NeurIPS 2019): the template with a
 * {@link MirPlugin}. Defaults: `memSize` 200, `subsample` 200, `batchSizeMem` 1 (Avalanche's `MIR`
 * requires `mem_size` and `subsample`; its plugin defaults them to 200).
 */
export function mir(options: StrategyOptions & MirOptions): SupervisedTemplate {
  const { memSize, subsample, batchSizeMem, sources, ...common } = options;
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), mirPlugin({ memSize, subsample, batchSizeMem, sources })] });
}
