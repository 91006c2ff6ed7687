import { il2mPlugin, type Il2mOptions } from './il2m-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * IL2M (Belouadah & Popescu, ICCV 2019), as Avalanche's `IL2M`: the template plus an {@link Il2mPlugin}
 * (experience replay with `memSize` 2000 by default, and score rectification of past classes at evaluation).
 */
export function il2m(options: StrategyOptions & Il2mOptions): SupervisedTemplate {
  const { memSize, batchSize, batchSizeMem, storagePolicy, sources, ...common } = options;
  const plugin = il2mPlugin({ memSize, batchSize, batchSizeMem, storagePolicy, sources });
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), plugin] });
}
