import { gdumbPlugin, type GDumbOptions } from './gdumb-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * GDumb (Avalanche's `GDumb`): the template plus a {@link GDumbPlugin}: a class-balanced memory of
 * `memSize` samples (default 200); each experience resets the model to its initial weights and trains
 * only on the memory.
 */
export function gdumb(options: StrategyOptions & GDumbOptions): SupervisedTemplate {
  const { memSize, sources, ...common } = options;
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), gdumbPlugin({ memSize, sources })] });
}
