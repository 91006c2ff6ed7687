import type * as tf from '@tensorflow/tfjs';
import type { ClassificationDataset } from './classification-dataset.js';
import type { ClockState } from './clock.js';
import type { ContinualModel } from './continual-model.js';
import type { DataLoader } from './data-loader.js';
import type { Experience } from './experience.js';
import type { Minibatch } from './minibatch.js';
import type { Rng } from './rng.js';

/** Gradients by parameter name (the names of `model.namedParameters()`). */
export type NamedGradients = Record<string, tf.Tensor>;

/**
 * Read-only view of the training template's state, handed to every hook. Metrics and loggers read
 * training state only through this interface. Tensors here belong to the template: clone or `tf.keep`
 * what you keep beyond the hook.
 */
export interface StrategyContext {
  readonly model: ContinualModel;
  readonly optimizer: tf.Optimizer | undefined;
  /** True inside `train()`, false inside `eval()` (also when eval runs inside train for periodic evaluation). */
  readonly isTraining: boolean;
  /** The experience being trained on or evaluated. */
  readonly experience: Experience | undefined;
  /** Name of the stream being evaluated (e.g. "test"), during eval. */
  readonly evalStreamName: string | undefined;
  /** The dataset after adaptation (transform group chosen, possibly replaced by a plugin). */
  readonly adaptedDataset: ClassificationDataset | undefined;
  readonly dataLoader: DataLoader | undefined;
  readonly clock: ClockState;
  readonly trainMbSize: number;
  readonly trainEpochs: number;
  readonly evalMbSize: number;
  /** The current minibatch (x, y, taskLabels). */
  readonly minibatch: Minibatch | undefined;
  /** Model output (logits) for the current minibatch, after the forward pass. */
  readonly mbOutput: tf.Tensor2D | undefined;
  /** Total loss of the current minibatch: criterion plus every plugin loss term. */
  readonly loss: tf.Scalar | undefined;
  /** Gradients of the current step, between `afterBackward` and `afterUpdate`. */
  readonly gradients: NamedGradients | undefined;
  /** The run's seeded generator; every random choice of a plugin draws from it. */
  readonly rng: Rng;
  /** Experiences trained on so far (their `currentExperience` indices), in order. */
  readonly trainedExperiences: readonly number[];
}

/**
 * The explicit ways a hook can change the loop. Tensors passed in become owned by the template.
 * Each method throws when called from a hook where it has no meaning.
 */
export interface StrategyControls {
  /** Stops training after the current iteration (early stopping); the experience ends normally. */
  stopTraining(): void;
  /** Replaces the adapted dataset (in the dataset-adaptation hooks). */
  setAdaptedDataset(dataset: ClassificationDataset): void;
  /** Replaces the data loader of the current experience (in `beforeTrainingExp` / `beforeEvalExp`). */
  setDataLoader(loader: DataLoader): void;
  /** Replaces the current minibatch (in `beforeTrainingIteration` / `beforeForward` / `beforeEvalIteration`). */
  setMinibatch(minibatch: Minibatch): void;
  /** Replaces the model output (in `afterForward` / `afterEvalForward`), e.g. NCM predictions. */
  setOutput(output: tf.Tensor2D): void;
  /** Rebuilds the optimizer over the model's current trainable parameters, dropping its state. */
  resetOptimizer(): void;
}
