import { MlpVAE, vaeLoss } from '@avalanche-ts/models';
import { adam } from './adam.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { generativeReplayPlugin, type GenerativeReplayOptions, type ReplayLoss } from './generative-replay-plugin.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';
import { trainGeneratorAfterExpPlugin } from './train-generator-after-exp-plugin.js';
import { vaeTraining, type VaeModel } from './vae-training.js';

/** Options of {@link generativeReplay}: the common ones plus the plugin's (without `untrainedSolver` and `replayLoss`). */
export type GenerativeReplayStrategyOptions = StrategyOptions & Omit<GenerativeReplayOptions, 'untrainedSolver' | 'replayLoss'>;

/**
 * Avalanche's `GenerativeReplay` (Shin et al., NeurIPS 2017): a scholar made of the solver (`model`) and a
 * generator. After each experience the generator strategy trains on it (`TrainGeneratorAfterExpPlugin`);
 * from the second experience on, each minibatch is extended with generated samples labelled by the previous
 * solver ({@link GenerativeReplayPlugin}). Without `generatorStrategy` the generator is Avalanche's default:
 * `MlpVAE` of shape [28, 28, 1] (MNIST, channels last) with `nhid` 2, trained by {@link vaeTraining} with
 * Adam (lr 0.01, weight decay 1e-4), the same minibatch size, epochs and seed as the solver, and its own
 * generative replay; it is freed with the strategy. Does not use task labels.
 */
export function generativeReplay(options: GenerativeReplayStrategyOptions): SupervisedTemplate {
  const { generatorStrategy, replaySize, increasingReplaySize, isWeightedReplay, weightReplayLossFactor, weightReplayLoss, ...common } = options;
  const replay = { replaySize, increasingReplaySize, isWeightedReplay, weightReplayLossFactor, weightReplayLoss };
  let generator = generatorStrategy;
  if (generator === undefined) {
    const vae = new MlpVAE({ shape: [28, 28, 1], nhid: 2, seed: common.seed ?? 0 });
    const ownLoss: ReplayLoss = (model, x, _y, context) => vaeLoss(x, (model as unknown as VaeModel).vaeForward(x, { seed: context.rng.nextSeed() }));
    generator = vaeTraining({
      model: vae,
      optimizer: adam({ lr: 0.01, weightDecay: 1e-4 }),
      trainMbSize: common.trainMbSize,
      trainEpochs: common.trainEpochs,
      evalMbSize: common.evalMbSize,
      seed: common.seed,
      plugins: [generativeReplayPlugin({ ...replay, replayLoss: ownLoss })],
    });
  }
  const criterion = common.criterion ?? crossEntropyLoss;
  const solverLoss: ReplayLoss = (model, x, y, context) => criterion(model.forward(x), y, context);
  const plugins = [
    trainGeneratorAfterExpPlugin({ generatorStrategy: generator, disposeGenerator: generatorStrategy === undefined }),
    generativeReplayPlugin({ generatorStrategy: generator, ...replay, replayLoss: solverLoss }),
  ];
  return new SupervisedTemplate({ ...common, plugins: [...(common.plugins ?? []), ...plugins] });
}
