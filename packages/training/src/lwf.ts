import { lwfPlugin } from './lwf-plugin.js';
import type { LwfOptions } from './lwf-distillation.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Learning without Forgetting (Avalanche's `LwF`): the template plus an {@link LwfPlugin}; the loss is
 * cross-entropy + α · KL distillation towards the model as it was after the previous experience.
 */
export function lwf(options: StrategyOptions & LwfOptions): SupervisedTemplate {
  const { alpha, temperature, ...common } = options;
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), lwfPlugin({ alpha, temperature })] });
}
