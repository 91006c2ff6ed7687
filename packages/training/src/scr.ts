import { parseWithSchema } from '@avalanche-ts/core';
import { ClassBalancedBuffer } from './class-balanced-buffer.js';
import { ReplayPlugin } from './replay-plugin.js';
import { ScrPlugin, asScrModel, scrOptionsSchema, type ScrOptions } from './scr-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Supervised Contrastive Replay (Mai et al., "Supervised Contrastive Replay: Revisiting the Nearest Class
 * Mean Classifier in Online Class-Incremental Continual Learning", CVPR-W 2021), as Avalanche's `SCR`: a
 * replay plugin with a class-balanced memory of `memSize` (the minibatch is current + memory samples),
 * an augmented copy of that minibatch as a second view, the SupCon loss {@link scrLoss} (τ =
 * `temperature`, τ_b = 0.07) on the model's projections, and nearest-class-mean prediction in eval with
 * means of the memory's normalised features recomputed after each experience. `model` must be an
 * SCRModel (`ScrModel` of @avalanche-ts/models). Defaults: `memSize` 100, `temperature` 0.1, identity
 * augmentation. Projections are L2-normalised before the loss, as SupCon assumes. Like Avalanche, no
 * "review trick", and a `criterion` option is ignored (training uses SupCon, eval cross-entropy).
 */
export function scr(options: StrategyOptions & ScrOptions): SupervisedTemplate {
  const { memSize, temperature, augmentations, sources, criterion: _ignored, ...common } = options;
  const o = parseWithSchema(scrOptionsSchema, { memSize, temperature, augmentations, sources }, 'scr options');
  asScrModel(common.model);
  const replay = new ReplayPlugin({ storagePolicy: new ClassBalancedBuffer({ maxSize: o.memSize }), sources: o.sources });
  const plugin = new ScrPlugin(replay, o.temperature, o.augmentations);
  return new SupervisedTemplate({ ...common, criterion: plugin.criterion(), plugins: [replay, ...(common.plugins ?? []), plugin] });
}
