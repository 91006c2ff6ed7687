import type { StrategyOptions } from './strategy-options.js';
import { synapticIntelligencePlugin } from './synaptic-intelligence-plugin.js';
import type { SynapticIntelligenceOptions } from './synaptic-intelligence-regularizer.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Synaptic Intelligence (Avalanche's `SynapticIntelligence`): the template plus a
 * {@link SynapticIntelligencePlugin}; the loss is criterion + (λ/2) · Σ ω (θ − θ*)². Unlike Avalanche,
 * `evalMbSize` defaults to `trainMbSize` (Avalanche uses 1 for SI; only the speed of evaluation differs).
 */
export function synapticIntelligence(options: StrategyOptions & SynapticIntelligenceOptions): SupervisedTemplate {
  const { siLambda, eps, excludedParameters, ...common } = options;
  const plugin = synapticIntelligencePlugin({ siLambda, eps, excludedParameters });
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), plugin] });
}
