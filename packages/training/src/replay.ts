import { replayPlugin, type ReplayOptions } from './replay-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Experience Replay (Avalanche's `Replay`): the template plus a {@link ReplayPlugin} with an
 * experience-balanced reservoir memory of `memSize` samples (default 200). From the second experience on,
 * each minibatch holds `trainMbSize` new and `trainMbSize` memory samples.
 */
export function replay(options: StrategyOptions & ReplayOptions): SupervisedTemplate {
  const { memSize, batchSize, batchSizeMem, storagePolicy, sources, ...common } = options;
  const plugin = replayPlugin({ memSize, batchSize, batchSizeMem, storagePolicy, sources });
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), plugin] });
}
