import { erAmlPlugin, type ErAmlOptions, type FeatureFn } from './er-aml-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * ER-AML (Avalanche's `ER_AML`; Caccia et al., ICLR 2022): the template with an {@link ErAmlPlugin}
 * whose loss (supervised-contrastive on the incoming batch against memory positives/negatives, plus
 * cross-entropy on a memory batch) is the criterion. Avalanche takes a `feature_extractor` module; here
 * `featureExtractor` is a function, by default `model.getFeatures`. Defaults: `temp` 0.1, `baseTemp`
 * 0.07, `sameTaskNeg` true, `memSize` 200, `batchSizeMem` 10.
 */
export function erAml(options: StrategyOptions & ErAmlOptions & { featureExtractor?: FeatureFn }): SupervisedTemplate {
  const { temp, baseTemp, sameTaskNeg, memSize, batchSizeMem, sources, featureExtractor, criterion, ...common } = options;
  const plugin = erAmlPlugin({ temp, baseTemp, sameTaskNeg, memSize, batchSizeMem, sources }, featureExtractor);
  return new SupervisedTemplate({ ...common, criterion: plugin.criterion(criterion), plugins: [...(common.plugins ?? []), plugin] });
}
