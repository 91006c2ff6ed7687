/**
 * The training loop's hooks, in the order they fire (Avalanche's callbacks in camelCase). Per experience:
 * dataset adaptation, then `beforeTrainingExp`, epochs of iterations, `afterTrainingExp`.
 */
export const TRAINING_HOOKS = [
  /** Once, at the start of `train()`, before the first experience. */
  'beforeTraining',
  /** Before the experience's dataset is adapted (its train transform group selected). */
  'beforeTrainDatasetAdaptation',
  /** After adaptation; plugins may replace `adaptedDataset` here (Cumulative, GDumb). */
  'afterTrainDatasetAdaptation',
  /** After the data loader is made and the model adapted, before the first epoch; plugins may replace the loader (Replay). */
  'beforeTrainingExp',
  /** At the start of each epoch; `stopTraining()` here skips the epoch. */
  'beforeTrainingEpoch',
  /** After the minibatch is loaded, before the forward pass; plugins may replace the minibatch. */
  'beforeTrainingIteration',
  /** Just before the model's forward pass on the minibatch. */
  'beforeForward',
  /** After the forward pass; `mbOutput` holds the logits. */
  'afterForward',
  /** After the loss (criterion plus plugin loss terms) is known, before gradients are applied. */
  'beforeBackward',
  /** After gradients are computed; `gradients` holds them. */
  'afterBackward',
  /** Just before the optimizer applies the (possibly edited) gradients. */
  'beforeUpdate',
  /** Just after the optimizer step. */
  'afterUpdate',
  /** At the end of the iteration, before its tensors are freed. */
  'afterTrainingIteration',
  /** At the end of each epoch. */
  'afterTrainingEpoch',
  /** After the last epoch of an experience (buffers update here). */
  'afterTrainingExp',
  /** Once, at the end of `train()`. */
  'afterTraining',
] as const;

/** Evaluation hooks, in the order they fire. */
export const EVAL_HOOKS = [
  /** Once, at the start of `eval()`. */
  'beforeEval',
  /** Before the experience's dataset is adapted (its eval transform group selected). */
  'beforeEvalDatasetAdaptation',
  /** After adaptation. */
  'afterEvalDatasetAdaptation',
  /** Before the first minibatch of an evaluated experience. */
  'beforeEvalExp',
  /** After an eval minibatch is loaded. */
  'beforeEvalIteration',
  /** Just before the eval forward pass. */
  'beforeEvalForward',
  /** After the eval forward pass; plugins may replace the output (NCM classifiers). */
  'afterEvalForward',
  /** After the eval loss is computed, before the minibatch's tensors are freed. */
  'afterEvalIteration',
  /** After the last minibatch of an evaluated experience. */
  'afterEvalExp',
  /** Once, at the end of `eval()`. */
  'afterEval',
] as const;

/** Meta-learning hooks (LaMAML, MER), fired inside the training iteration. */
export const META_HOOKS = [
  /** Before the inner (fast-weight) updates of a meta-learning iteration. */
  'beforeInnerUpdates',
  /** After the inner updates. */
  'afterInnerUpdates',
  /** Before the outer (meta) update. */
  'beforeOuterUpdate',
  /** After the outer update. */
  'afterOuterUpdate',
] as const;

/** Every hook name, one canonical list: the plugin interface and the dispatcher derive from it. */
export const HOOK_NAMES = [...TRAINING_HOOKS, ...EVAL_HOOKS, ...META_HOOKS] as const;

export type TrainingHookName = (typeof TRAINING_HOOKS)[number];
export type EvalHookName = (typeof EVAL_HOOKS)[number];
export type MetaHookName = (typeof META_HOOKS)[number];
export type HookName = (typeof HOOK_NAMES)[number];

export function isHookName(value: string): value is HookName {
  return (HOOK_NAMES as readonly string[]).includes(value);
}
