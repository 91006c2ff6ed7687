import { featureReplayPlugin, type FeatureReplayOptions } from './feature-replay-plugin.js';
import { maskedCrossEntropy } from './masked-cross-entropy.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Avalanche's `FeatureReplay` (PR-ACE, Magistri et al., ICLR 2024): the template with a
 * {@link FeatureReplayPlugin} (`lastLayerName` "classifier", `memSize` 200, `batchSizeMem` 10). The loss on
 * current data is `criterion`, by default (as in Avalanche) a {@link MaskedCrossEntropy} over the classes
 * seen so far. PR-ACE restricts it to the current classes: pass `maskedCrossEntropy({ mask: 'new' })` as a
 * plugin and its `criterion` as `criterion`; on class-incremental SplitMNIST only that variant forgets
 * much less than Naive (see feature-replay.test.ts).
 */
export function featureReplay(options: StrategyOptions & FeatureReplayOptions): SupervisedTemplate {
  const { lastLayerName, memSize, batchSizeMem, ...common } = options;
  const plugin = featureReplayPlugin({ lastLayerName, memSize: memSize ?? 200, batchSizeMem: batchSizeMem ?? 10 });
  const masked = common.criterion === undefined ? maskedCrossEntropy() : undefined;
  const base = common.criterion ?? masked!.criterion;
  const plugins = [...(common.plugins ?? []), ...(masked ? [masked] : []), plugin];
  return new SupervisedTemplate({ ...common, criterion: plugin.criterion(base), plugins });
}
