import { bicPlugin, type BicOptions } from './bic-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * BiC (Wu et al., "Large Scale Incremental Learning", CVPR 2019), as Avalanche's `BiC`: the template plus
 * a {@link BicPlugin} (replay with a held-out validation memory, distillation, and a bias-correction layer
 * fitted after each experience). Defaults as Avalanche's strategy: `memSize` 200, `valPercentage` 0.1,
 * `T` 2, `stage2Epochs` 200, `lamb` −1, `lr` 0.1.
 */
export function bic(options: StrategyOptions & Omit<BicOptions, 'criterion'>): SupervisedTemplate {
  const { memSize, batchSize, batchSizeMem, storagePolicy, valPercentage, T, stage2Epochs, lamb, lr, sources, ...common } = options;
  const plugin = bicPlugin({
    memSize: memSize ?? storagePolicy?.maxSize ?? 200,
    batchSize,
    batchSizeMem,
    storagePolicy,
    valPercentage,
    T,
    stage2Epochs,
    lamb,
    lr,
    sources,
    criterion: common.criterion,
  });
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), plugin] });
}
