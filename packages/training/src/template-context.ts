import type * as tf from '@tensorflow/tfjs';
import {
  StrategyError,
  type ClassificationDataset,
  type ContinualModel,
  type DataLoader,
  type Experience,
  type HookName,
  type Minibatch,
  type NamedGradients,
  type Rng,
  type StrategyContext,
  type StrategyControls,
} from '@avalanche-ts/core';
import type { TrainingClock } from './training-clock.js';

/** The template's mutable state behind the read-only {@link StrategyContext} that hooks receive. */
export class TemplateContext implements StrategyContext {
  isTraining = false;
  experience: Experience | undefined;
  evalStreamName: string | undefined;
  adaptedDataset: ClassificationDataset | undefined;
  dataLoader: DataLoader | undefined;
  minibatch: Minibatch | undefined;
  mbOutput: tf.Tensor2D | undefined;
  loss: tf.Scalar | undefined;
  gradients: NamedGradients | undefined;
  trainedExperiences: number[] = [];
  /** The hook being dispatched (controls check it), or 'closure' inside the gradient closure. */
  hook: HookName | 'none' = 'none';

  constructor(
    readonly model: ContinualModel,
    readonly optimizer: tf.Optimizer,
    readonly clock: TrainingClock,
    readonly rng: Rng,
    readonly trainMbSize: number,
    readonly trainEpochs: number,
    readonly evalMbSize: number,
  ) {}
}

/** What the controls do; implemented by the template. */
export interface ControlHandlers {
  stop(): void;
  replaceMinibatch(minibatch: Minibatch): void;
  replaceOutput(output: tf.Tensor2D): void;
  resetOptimizer(): void;
}

const DATASET_HOOKS: readonly HookName[] = [
  'beforeTrainDatasetAdaptation',
  'afterTrainDatasetAdaptation',
  'beforeEvalDatasetAdaptation',
  'afterEvalDatasetAdaptation',
];
const LOADER_HOOKS: readonly HookName[] = ['beforeTrainingExp', 'beforeEvalExp'];
const MINIBATCH_HOOKS: readonly HookName[] = ['beforeTrainingIteration', 'beforeForward', 'beforeEvalIteration', 'beforeEvalForward'];
const OUTPUT_HOOKS: readonly HookName[] = ['afterForward', 'afterEvalForward'];

/** The controls handed to hooks; each checks that it is called from a hook where it has a meaning. */
export class TemplateControls implements StrategyControls {
  constructor(
    private readonly context: TemplateContext,
    private readonly handlers: ControlHandlers,
  ) {}

  stopTraining(): void {
    this.handlers.stop();
  }

  setAdaptedDataset(dataset: ClassificationDataset): void {
    this.check('setAdaptedDataset', DATASET_HOOKS);
    this.context.adaptedDataset = dataset;
  }

  setDataLoader(loader: DataLoader): void {
    this.check('setDataLoader', LOADER_HOOKS);
    this.context.dataLoader = loader;
  }

  setMinibatch(minibatch: Minibatch): void {
    this.check('setMinibatch', MINIBATCH_HOOKS);
    this.handlers.replaceMinibatch(minibatch);
  }

  setOutput(output: tf.Tensor2D): void {
    this.check('setOutput', OUTPUT_HOOKS);
    this.handlers.replaceOutput(output);
  }

  resetOptimizer(): void {
    if (this.context.hook === 'afterForward') throw new StrategyError('resetOptimizer() cannot be called inside the gradient closure (afterForward)');
    this.handlers.resetOptimizer();
  }

  private check(method: string, allowed: readonly HookName[]): void {
    if (!allowed.includes(this.context.hook as HookName)) {
      throw new StrategyError(`${method}() may be called only in ${allowed.join(' / ')}, not in "${this.context.hook}"`);
    }
  }
}
