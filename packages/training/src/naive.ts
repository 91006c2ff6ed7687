import { SupervisedTemplate } from './supervised-template.js';
import type { StrategyOptions } from './strategy-options.js';

/**
 * Naive fine-tuning (Avalanche's `Naive`): trains on each experience in turn with no protection against
 * forgetting; the lower bound every continual-learning method is compared with.
 */
export function naive(options: StrategyOptions): SupervisedTemplate {
  return new SupervisedTemplate(options);
}
