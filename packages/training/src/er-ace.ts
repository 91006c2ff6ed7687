import { erAcePlugin, type ErAceOptions } from './er-ace-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * ER-ACE (Avalanche's `ER_ACE`; Caccia et al., ICLR 2022): the template with an {@link ErAcePlugin}
 * whose asymmetric cross-entropy is the criterion. `criterion` (default cross-entropy) is used only
 * while no memory batch is replayed (the first experience) and in evaluation. Avalanche defaults:
 * `memSize` 200, `batchSizeMem` 10.
 */
export function erAce(options: StrategyOptions & ErAceOptions): SupervisedTemplate {
  const { memSize, batchSizeMem, sources, criterion, ...common } = options;
  const plugin = erAcePlugin({ memSize, batchSizeMem, sources });
  return new SupervisedTemplate({ ...common, criterion: plugin.criterion(criterion), plugins: [...(common.plugins ?? []), plugin] });
}
