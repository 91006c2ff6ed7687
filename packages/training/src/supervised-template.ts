import * as tf from '@tensorflow/tfjs';
import {
  PluginDispatcher,
  Rng,
  StrategyError,
  disposeMinibatch,
  parseWithSchema,
  taskLabelsOf,
  type ClassificationDataset,
  type ClockState,
  type ContinualModel,
  type DataLoader,
  type Evaluator,
  type Experience,
  type HookName,
  type MetricData,
  type Minibatch,
  type NamedGradients,
  type StrategyContext,
  type StrategyPlugin,
  type Stream,
} from '@avalanche-ts/core';
import { adaptModel } from './adapt-model.js';
import { groupEvalStreams, isExperience, minibatchTensors } from './group-eval-streams.js';
import { crossEntropyLoss } from './cross-entropy-loss.js';
import { minibatchDataLoader } from './minibatch-data-loader.js';
import type { Optimizer } from './optimizer.js';
import { PeriodicEval } from './periodic-eval.js';
import { strategyOptionsSchema, type Criterion, type StrategyOptions } from './strategy-options.js';
import { taskBalancedDataLoader } from './task-balanced-data-loader.js';
import { TemplateContext, TemplateControls } from './template-context.js';
import { TrainingClock } from './training-clock.js';

/** Options of {@link SupervisedTemplate.train}. */
export interface TrainOptions {
  /**
   * What periodic evaluation (`evalEvery` >= 0) evaluates: streams, or experiences grouped by stream name.
   * Default: the experiences being trained on (Avalanche's `eval_streams=None`); `[]` disables it.
   */
  readonly evalStreams?: ReadonlyArray<Stream | Experience>;
}

/** Progress counters a checkpoint stores besides the model, optimizer, plugins and Rng. */
export interface TemplateProgress {
  readonly clock: ClockState;
  readonly trainedExperiences: readonly number[];
}

/**
 * Avalanche's `SupervisedTemplate`: trains a model on experiences one after another with Avalanche's
 * callback order (reference §2.2) and evaluates on streams. Every step of an iteration is a hook, so a
 * strategy is this template plus plugins. Each iteration computes, in one synchronous gradient closure,
 * `loss = criterion(model.forward(x, { taskLabels, seed }), y) + Σ plugin.lossTerm(context)`; gradients by
 * parameter name then pass the gradient editors and the optimizer. The template owns minibatch, output,
 * loss and gradient tensors and frees them after `afterTrainingIteration`.
 */
export class SupervisedTemplate {
  readonly model: ContinualModel;
  readonly optimizer: Optimizer;
  readonly criterion: Criterion;
  readonly plugins: readonly StrategyPlugin[];
  readonly evaluator: Evaluator | undefined;
  readonly rng: Rng;
  readonly trainMbSize: number;
  readonly trainEpochs: number;
  readonly evalMbSize: number;
  protected readonly ctx: TemplateContext;
  protected readonly clock = new TrainingClock();
  private readonly dispatcher: PluginDispatcher;
  private readonly controls: TemplateControls;
  private readonly periodicEval: PeriodicEval;
  private stopRequested = false;
  private running: 'train' | 'eval' | undefined;
  private evalGroups: Array<Iterable<Experience>> = [];
  private trainable: Array<readonly [string, tf.Variable]> = [];
  /** Outputs replaced through `setOutput` in the current iteration, freed at its end. */
  private replacedOutputs: tf.Tensor[] = [];
  private insideClosure = false;

  constructor(options: StrategyOptions) {
    const o = parseWithSchema(strategyOptionsSchema, options, 'strategyOptions');
    this.model = o.model;
    this.optimizer = o.optimizer;
    this.criterion = o.criterion ?? crossEntropyLoss;
    this.evaluator = o.evaluator;
    this.plugins = o.evaluator ? [...o.plugins, o.evaluator] : [...o.plugins];
    this.rng = new Rng(o.seed);
    this.trainMbSize = o.trainMbSize;
    this.trainEpochs = o.trainEpochs;
    this.evalMbSize = o.evalMbSize ?? o.trainMbSize;
    this.ctx = new TemplateContext(this.model, this.optimizer, this.clock, this.rng, this.trainMbSize, this.trainEpochs, this.evalMbSize);
    this.dispatcher = new PluginDispatcher(this.plugins);
    this.controls = new TemplateControls(this.ctx, {
      stop: () => this.stop(),
      replaceMinibatch: (mb) => this.replaceMinibatch(mb),
      replaceOutput: (out) => this.replaceOutput(out),
      resetOptimizer: () => this.resetOptimizer(),
    });
    this.periodicEval = new PeriodicEval(o.evalEvery, o.pevalMode, () => this.periodicEvaluation());
    this.syncOptimizer();
  }

  /** The read-only state hooks receive. */
  get context(): StrategyContext {
    return this.ctx;
  }

  /** True while `train()` or `eval()` runs (checkpoints cannot be taken then). */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /**
   * Trains on one experience or on each of several, in order, then returns the evaluator's last metrics.
   * With `evalEvery` >= 0 it also evaluates `evalStreams` periodically.
   */
  async train(experiences: Experience | Iterable<Experience>, options: TrainOptions = {}): Promise<Record<string, MetricData>> {
    if (this.running) throw new StrategyError(`train() called while ${this.running}() is running`);
    const list = isExperience(experiences) ? [experiences] : [...experiences];
    this.evalGroups = groupEvalStreams(options.evalStreams ?? list);
    this.running = 'train';
    try {
      this.ctx.isTraining = true;
      this.model.setTraining(true);
      await this.fire('beforeTraining');
      await this.periodicEval.beforeTraining();
      for (const experience of list) await this.trainExperience(experience);
      await this.fire('afterTraining');
    } finally {
      this.running = undefined;
      this.ctx.isTraining = false;
      this.ctx.experience = undefined;
      this.ctx.hook = 'none';
    }
    return this.lastMetrics();
  }

  /** Evaluates every experience of `stream` (or one experience) and returns the evaluator's last metrics. */
  async eval(stream: Stream | Experience | Iterable<Experience>): Promise<Record<string, MetricData>> {
    if (this.running === 'eval') throw new StrategyError('eval() called while eval() is running');
    const nested = this.running === 'train';
    const saved = nested ? this.saveTrainState() : undefined;
    this.running = 'eval';
    const wasTraining = this.model.training;
    try {
      this.ctx.isTraining = false;
      this.model.setTraining(false);
      await this.fire('beforeEval');
      for (const experience of isExperience(stream) ? [stream] : stream) await this.evalExperience(experience);
      await this.fire('afterEval');
    } finally {
      this.model.setTraining(wasTraining);
      this.running = nested ? 'train' : undefined;
      if (saved) Object.assign(this.ctx, saved);
      else this.resetEvalState();
    }
    return this.lastMetrics();
  }

  /** Stops training after the current iteration (Avalanche's `stop_training`); the experience ends normally. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Rebuilds the optimizer's parameter list from the model, dropping its state. */
  resetOptimizer(): void {
    this.syncOptimizer(true);
  }

  /** Clock and trained experiences, for checkpoints. */
  progress(): TemplateProgress {
    return { clock: this.clock.snapshot(), trainedExperiences: [...this.ctx.trainedExperiences] };
  }

  /** Restores {@link progress} (used by `loadCheckpoint`). */
  restoreProgress(progress: TemplateProgress): void {
    this.clock.restore(progress.clock);
    this.ctx.trainedExperiences = [...progress.trainedExperiences];
  }

  /** Registers the model's current trainable parameters with the optimizer (after growing or freezing). */
  syncOptimizer(resetState = false): void {
    this.trainable = this.model.namedParameters().filter(([, v]) => v.trainable);
    this.optimizer.setParameters(this.trainable, { resetState });
  }

  /** Frees the optimizer's state and every plugin's tensors (not the model: the caller owns it). */
  dispose(): void {
    this.optimizer.dispose();
    for (const plugin of this.plugins) plugin.dispose?.();
  }

  /** The experience's training dataset (its train transform group); Avalanche's `train_dataset_adaptation`. */
  protected trainDatasetAdaptation(experience: Experience): ClassificationDataset {
    return experience.dataset.train();
  }

  /** A task-balanced loader when the dataset holds several tasks, otherwise a shuffling loader. */
  protected makeTrainDataLoader(dataset: ClassificationDataset): DataLoader {
    const options = { batchSize: this.trainMbSize, shuffle: true, rng: this.rng };
    return taskLabelsOf(dataset).length > 1 ? taskBalancedDataLoader(dataset, options) : minibatchDataLoader(dataset, options);
  }

  /**
   * Avalanche's `model_adaptation`: adapts the model (and its adaptive submodules) to the experience and
   * registers new parameters with the optimizer, keeping the state of the others.
   */
  protected modelAdaptation(experience: Experience): void {
    if (adaptModel(this.model, experience)) this.syncOptimizer();
  }

  protected makeEvalDataLoader(dataset: ClassificationDataset): DataLoader {
    return minibatchDataLoader(dataset, { batchSize: this.evalMbSize, shuffle: false });
  }

  private async trainExperience(experience: Experience): Promise<void> {
    const ctx = this.ctx;
    ctx.experience = experience;
    this.stopRequested = false;
    ctx.adaptedDataset = undefined;
    await this.fire('beforeTrainDatasetAdaptation');
    ctx.adaptedDataset ??= this.trainDatasetAdaptation(experience);
    await this.fire('afterTrainDatasetAdaptation');
    ctx.dataLoader = this.makeTrainDataLoader(ctx.adaptedDataset);
    this.modelAdaptation(experience);
    this.model.setTraining(true);
    await this.fire('beforeTrainingExp');
    this.periodicEval.beforeTrainingExp();
    this.clock.beforeTrainingExp();
    // Plugins may have frozen, replaced or grown parameters in beforeTrainingExp.
    this.syncOptimizer();
    for (let epoch = 0; epoch < this.trainEpochs; epoch++) {
      await this.fire('beforeTrainingEpoch');
      this.clock.beforeTrainingEpoch();
      if (this.stopRequested) {
        this.stopRequested = false;
        break;
      }
      for (const minibatch of ctx.dataLoader.batches()) {
        if (this.stopRequested) {
          disposeMinibatch(minibatch);
          break;
        }
        await this.trainingIteration(minibatch);
      }
      this.assertFiniteParameters(experience, epoch);
      await this.fire('afterTrainingEpoch');
      await this.periodicEval.afterTrainingEpoch(this.clock.trainExpEpochs + 1);
      this.clock.afterTrainingEpoch();
    }
    await this.fire('afterTrainingExp');
    await this.periodicEval.afterTrainingExp();
    this.clock.afterTrainingExp();
    ctx.trainedExperiences.push(experience.currentExperience);
    ctx.dataLoader = undefined;
    ctx.adaptedDataset = undefined;
  }

  /**
   * Stops a diverged run with a clear error instead of training on NaN for the rest of the stream. Once
   * per epoch: one sum over the trainable parameters (NaN or ±Infinity anywhere makes it non-finite).
   */
  private assertFiniteParameters(experience: Experience, epoch: number): void {
    if (this.trainable.length === 0) return;
    const total = tf.tidy(() => tf.addN(this.trainable.map(([, v]) => tf.sum(v))).dataSync()[0]);
    if (Number.isFinite(total)) return;
    const bad = this.trainable.find(([, v]) => tf.tidy(() => !Number.isFinite(tf.sum(v).dataSync()[0])))?.[0] ?? 'a parameter';
    throw new StrategyError(
      `training diverged in experience ${experience.currentExperience}, epoch ${epoch}: ${bad} holds NaN or Infinity; ` +
        'lower the learning rate or the strength of the regularisation (e.g. ewcLambda, siLambda, lambdaReg)',
    );
  }

  private async trainingIteration(minibatch: Minibatch): Promise<void> {
    const ctx = this.ctx;
    ctx.minibatch = minibatch;
    try {
      await this.fire('beforeTrainingIteration');
      await this.trainingStep();
      await this.fire('afterTrainingIteration');
      await this.periodicEval.afterTrainingIteration(this.clock.trainExpIterations + 1);
      this.clock.afterTrainingIteration();
    } finally {
      this.disposeIteration();
    }
  }

  /**
   * The update of one training iteration on `context.minibatch` (Avalanche's `SGDUpdate`): forward pass,
   * loss and gradients in one closure, gradient editors, optimizer step, with their hooks. Templates with
   * another update (meta-learning: inner and outer updates) override it. Tensors it puts in the context
   * (`mbOutput`, `loss`, `gradients`) are freed by the template after `afterTrainingIteration`.
   */
  protected async trainingStep(): Promise<void> {
    const ctx = this.ctx;
    await this.fire('beforeForward');
    const seed = this.rng.nextSeed();
    let pending: Promise<void> | undefined;
    const variables = this.trainable.map(([, v]) => v);
    const { value, grads } = tf.variableGrads(() => {
      this.insideClosure = true;
      try {
        const mb = ctx.minibatch!;
        ctx.mbOutput = tf.keep(this.model.forward(mb.x, { taskLabels: mb.taskLabels, seed }));
        // afterForward fires inside the closure so setOutput changes the loss; an async remainder is awaited after.
        pending = this.fire('afterForward') ?? undefined;
        let loss = this.criterion(ctx.mbOutput, mb.y, ctx);
        if (this.dispatcher.hasLossTerms) {
          const extra = this.dispatcher.lossTerms(ctx);
          if (extra !== undefined) loss = tf.add(loss, extra) as tf.Scalar;
        }
        return loss;
      } finally {
        this.insideClosure = false;
      }
    }, variables);
    ctx.loss = value;
    const named: NamedGradients = {};
    for (const [name, variable] of this.trainable) {
      const g = grads[variable.name];
      if (g !== undefined) named[name] = g;
    }
    ctx.gradients = named;
    if (pending) await pending;
    await this.fire('beforeBackward');
    await this.fire('afterBackward');
    if (this.dispatcher.hasGradientEditors) ctx.gradients = this.dispatcher.editGradients(ctx, ctx.gradients);
    await this.fire('beforeUpdate');
    this.optimizer.step(ctx.gradients);
    await this.fire('afterUpdate');
  }

  private async evalExperience(experience: Experience): Promise<void> {
    const ctx = this.ctx;
    ctx.experience = experience;
    ctx.evalStreamName = experience.streamName;
    ctx.adaptedDataset = undefined;
    await this.fire('beforeEvalDatasetAdaptation');
    ctx.adaptedDataset ??= experience.dataset.eval();
    await this.fire('afterEvalDatasetAdaptation');
    ctx.dataLoader = this.makeEvalDataLoader(ctx.adaptedDataset);
    this.modelAdaptation(experience);
    await this.fire('beforeEvalExp');
    for (const minibatch of ctx.dataLoader.batches()) {
      ctx.minibatch = minibatch;
      try {
        await this.fire('beforeEvalIteration');
        await this.fire('beforeEvalForward');
        const mb = ctx.minibatch;
        ctx.mbOutput = tf.tidy(() => this.model.forward(mb.x, { taskLabels: mb.taskLabels }));
        await this.fire('afterEvalForward');
        ctx.loss = tf.tidy(() => this.criterion(ctx.mbOutput!, ctx.minibatch!.y, ctx));
        await this.fire('afterEvalIteration');
        this.clock.afterEvalIteration();
      } finally {
        this.disposeIteration();
      }
    }
    await this.fire('afterEvalExp');
  }

  /** Dispatches `hook` to every plugin (for subclasses whose loop has extra steps, e.g. the meta-learning hooks). */
  protected fire(hook: HookName): void | Promise<void> {
    this.ctx.hook = hook;
    return this.dispatcher.trigger(hook, this.ctx, this.controls);
  }

  private async periodicEvaluation(): Promise<void> {
    for (const group of this.evalGroups) await this.eval(group);
  }

  private lastMetrics(): Record<string, MetricData> {
    return this.evaluator ? this.evaluator.getLastMetrics() : {};
  }

  private replaceMinibatch(next: Minibatch): void {
    const previous = this.ctx.minibatch;
    this.ctx.minibatch = next;
    if (previous === undefined || previous === next) return;
    const kept = new Set(minibatchTensors(next));
    for (const t of minibatchTensors(previous)) if (!kept.has(t)) t.dispose();
  }

  private replaceOutput(output: tf.Tensor2D): void {
    const previous = this.ctx.mbOutput;
    // Inside the gradient closure the new output must outlive the closure's tidy; the old one may still feed it.
    this.ctx.mbOutput = this.insideClosure ? tf.keep(output) : output;
    if (previous !== undefined && previous !== output) this.replacedOutputs.push(previous);
  }

  private disposeIteration(): void {
    const ctx = this.ctx;
    const tensors = new Set<tf.Tensor>(this.replacedOutputs);
    this.replacedOutputs = [];
    if (ctx.minibatch) for (const t of minibatchTensors(ctx.minibatch)) tensors.add(t);
    if (ctx.mbOutput) tensors.add(ctx.mbOutput);
    if (ctx.loss) tensors.add(ctx.loss);
    if (ctx.gradients) for (const g of Object.values(ctx.gradients)) tensors.add(g);
    for (const t of tensors) t.dispose();
    ctx.minibatch = undefined;
    ctx.mbOutput = undefined;
    ctx.loss = undefined;
    ctx.gradients = undefined;
  }

  private saveTrainState(): Partial<TemplateContext> {
    const { experience, evalStreamName, adaptedDataset, dataLoader, minibatch, mbOutput, loss, gradients, isTraining, hook } = this.ctx;
    // The training iteration's tensors stay alive across the nested eval; hide them so eval does not free them.
    this.ctx.minibatch = undefined;
    this.ctx.mbOutput = undefined;
    this.ctx.loss = undefined;
    this.ctx.gradients = undefined;
    return { experience, evalStreamName, adaptedDataset, dataLoader, minibatch, mbOutput, loss, gradients, isTraining, hook };
  }

  private resetEvalState(): void {
    Object.assign(this.ctx, { experience: undefined, evalStreamName: undefined, adaptedDataset: undefined, dataLoader: undefined, hook: 'none' });
  }
}
