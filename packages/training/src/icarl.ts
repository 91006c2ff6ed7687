import { icarlLossPlugin } from './icarl-loss-plugin.js';
import { icarlPlugin, type IcarlOptions } from './icarl-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * iCaRL (Rebuffi et al., "iCaRL: Incremental Classifier and Representation Learning", CVPR 2017), as
 * Avalanche's `ICaRL`: the model (a feature extractor with `getFeatures` plus a classifier, e.g.
 * `IcarlNet` or `SimpleMLP`) is trained with {@link IcarlLossPlugin}'s sigmoid classification-and-distillation
 * loss on the experience's data plus the herding exemplars of {@link IcarlPlugin}; evaluation classifies by
 * the nearest mean of exemplars. `criterion` is always the iCaRL loss (Avalanche fixes it too).
 */
export function icarl(options: Omit<StrategyOptions, 'criterion'> & IcarlOptions): SupervisedTemplate {
  const { memorySize, fixedMemory, sources, ...common } = options;
  const loss = icarlLossPlugin();
  const plugin = icarlPlugin({ memorySize, fixedMemory, sources });
  return new SupervisedTemplate({ ...common, criterion: loss.criterion, plugins: [...(common.plugins ?? []), loss, plugin] });
}
