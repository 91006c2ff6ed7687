// Test helper (not exported): drives plugins through the hooks in Avalanche's callback order (reference
// section 2.2) without the training package, which this package may not import (same rank).
import * as tf from '@tensorflow/tfjs';
import {
  PluginDispatcher,
  Rng,
  StrategyError,
  initialClockState,
  isEvaluator,
  type ClockState,
  type ContinualModel,
  type Experience,
  type HookName,
  type MetricData,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface SimulatedLoopOptions {
  readonly model: ContinualModel;
  readonly plugins: readonly StrategyPlugin[];
  readonly trainMbSize?: number;
  readonly evalMbSize?: number;
  readonly trainEpochs?: number;
  readonly lr?: number;
  readonly seed?: number;
}

export interface TrainOptions {
  /** Evaluate these experiences after each training experience (Avalanche's `eval_every=0`). */
  readonly evalStreams?: readonly Experience[];
}

/** A minimal supervised loop: SGD on softmax cross-entropy plus the plugins' loss terms, hooks in order. */
export class SimulatedLoop {
  readonly context: Mutable<StrategyContext>;
  readonly dispatcher: PluginDispatcher;
  /** Every hook fired, in order (for order assertions). */
  readonly firedHooks: HookName[] = [];
  private readonly controls: StrategyControls;
  private readonly optimizer: tf.Optimizer;
  private stop = false;

  constructor(private readonly options: SimulatedLoopOptions) {
    this.dispatcher = new PluginDispatcher(options.plugins);
    this.optimizer = tf.train.sgd(options.lr ?? 0.1);
    this.context = {
      model: options.model,
      optimizer: this.optimizer,
      isTraining: false,
      experience: undefined,
      evalStreamName: undefined,
      adaptedDataset: undefined,
      dataLoader: undefined,
      clock: initialClockState(),
      trainMbSize: options.trainMbSize ?? 8,
      trainEpochs: options.trainEpochs ?? 1,
      evalMbSize: options.evalMbSize ?? 16,
      minibatch: undefined,
      mbOutput: undefined,
      loss: undefined,
      gradients: undefined,
      rng: new Rng(options.seed ?? 0),
      trainedExperiences: [],
    };
    const refuse = (what: string) => () => {
      throw new StrategyError(`SimulatedLoop does not support ${what}`);
    };
    this.controls = {
      stopTraining: () => {
        this.stop = true;
      },
      setAdaptedDataset: refuse('setAdaptedDataset'),
      setDataLoader: refuse('setDataLoader'),
      setMinibatch: refuse('setMinibatch'),
      setOutput: refuse('setOutput'),
      resetOptimizer: refuse('resetOptimizer'),
    };
  }

  private async fire(hook: HookName): Promise<void> {
    this.firedHooks.push(hook);
    await this.dispatcher.trigger(hook, this.context, this.controls);
  }

  private tick(update: Partial<ClockState>): void {
    this.context.clock = { ...this.context.clock, ...update };
  }

  private evaluatorMetrics(): Record<string, MetricData> {
    const evaluator = this.options.plugins.find(isEvaluator);
    return evaluator ? evaluator.getLastMetrics() : {};
  }

  async train(experiences: Experience | readonly Experience[], options: TrainOptions = {}): Promise<Record<string, MetricData>> {
    const list = Array.isArray(experiences) ? (experiences as readonly Experience[]) : [experiences as Experience];
    const ctx = this.context;
    ctx.isTraining = true;
    this.options.model.setTraining(true);
    await this.fire('beforeTraining');
    for (const exp of list) {
      ctx.experience = exp;
      await this.fire('beforeTrainDatasetAdaptation');
      ctx.adaptedDataset = exp.dataset.train();
      await this.fire('afterTrainDatasetAdaptation');
      this.stop = false;
      await this.fire('beforeTrainingExp');
      for (let epoch = 0; epoch < ctx.trainEpochs && !this.stop; epoch++) {
        await this.fire('beforeTrainingEpoch');
        const n = ctx.adaptedDataset.length;
        for (let start = 0; start < n && !this.stop; start += ctx.trainMbSize) {
          await this.trainIteration(start, Math.min(n, start + ctx.trainMbSize));
        }
        await this.fire('afterTrainingEpoch');
        this.tick({ trainExpEpochs: ctx.clock.trainExpEpochs + 1, trainEpochIterations: 0 });
      }
      await this.fire('afterTrainingExp');
      ctx.trainedExperiences = [...ctx.trainedExperiences, exp.currentExperience];
      this.tick({ trainExpCounter: ctx.clock.trainExpCounter + 1, trainExpEpochs: 0, trainExpIterations: 0 });
      if (options.evalStreams) {
        await this.eval(options.evalStreams, true);
        ctx.isTraining = true;
        ctx.experience = exp;
        this.options.model.setTraining(true);
      }
    }
    await this.fire('afterTraining');
    ctx.isTraining = false;
    return this.evaluatorMetrics();
  }

  private async trainIteration(start: number, end: number): Promise<void> {
    const ctx = this.context;
    const dataset = ctx.adaptedDataset!;
    ctx.minibatch = dataset.getBatch(Int32Array.from({ length: end - start }, (_, i) => start + i));
    await this.fire('beforeTrainingIteration');
    await this.fire('beforeForward');
    const batch = ctx.minibatch;
    const params = this.options.model.namedParameters().filter(([, v]) => v.trainable).map(([, v]) => v);
    const { value, grads } = tf.variableGrads(() => {
      const out = tf.keep(this.options.model.forward(batch.x, { taskLabels: batch.taskLabels }));
      ctx.mbOutput = out;
      const onehot = tf.oneHot(batch.y, out.shape[1]);
      const ce = tf.losses.softmaxCrossEntropy(onehot, out) as tf.Scalar;
      const extra = this.dispatcher.lossTerms(ctx);
      return extra === undefined ? ce : (ce.add(extra) as tf.Scalar);
    }, params);
    await this.fire('afterForward');
    ctx.loss = value;
    await this.fire('beforeBackward');
    const named: Record<string, tf.Tensor> = {};
    for (const [name, v] of this.options.model.namedParameters()) if (grads[v.name]) named[name] = grads[v.name];
    ctx.gradients = named;
    await this.fire('afterBackward');
    await this.fire('beforeUpdate');
    this.optimizer.applyGradients(grads);
    await this.fire('afterUpdate');
    await this.fire('afterTrainingIteration');
    tf.dispose([batch.x, batch.y, batch.taskLabels, ctx.mbOutput!, value, ...Object.values(grads)]);
    ctx.minibatch = undefined;
    ctx.mbOutput = undefined;
    ctx.loss = undefined;
    ctx.gradients = undefined;
    const c = ctx.clock;
    this.tick({
      trainIterations: c.trainIterations + 1,
      trainExpIterations: c.trainExpIterations + 1,
      trainEpochIterations: c.trainEpochIterations + 1,
      totalIterations: c.totalIterations + 1,
    });
  }

  async eval(experiences: Iterable<Experience>, periodic = false): Promise<Record<string, MetricData>> {
    const ctx = this.context;
    const wasTraining = this.options.model.training;
    ctx.isTraining = false;
    this.options.model.setTraining(false);
    await this.fire('beforeEval');
    for (const exp of experiences) {
      ctx.experience = exp;
      ctx.evalStreamName = exp.streamName;
      await this.fire('beforeEvalDatasetAdaptation');
      ctx.adaptedDataset = exp.dataset.eval();
      await this.fire('afterEvalDatasetAdaptation');
      await this.fire('beforeEvalExp');
      const n = ctx.adaptedDataset.length;
      for (let start = 0; start < n; start += ctx.evalMbSize) {
        const end = Math.min(n, start + ctx.evalMbSize);
        ctx.minibatch = ctx.adaptedDataset.getBatch(Int32Array.from({ length: end - start }, (_, i) => start + i));
        await this.fire('beforeEvalIteration');
        await this.fire('beforeEvalForward');
        const batch = ctx.minibatch;
        ctx.mbOutput = this.options.model.forward(batch.x, { taskLabels: batch.taskLabels });
        await this.fire('afterEvalForward');
        ctx.loss = tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(batch.y, ctx.mbOutput!.shape[1]), ctx.mbOutput!) as tf.Scalar);
        await this.fire('afterEvalIteration');
        tf.dispose([batch.x, batch.y, batch.taskLabels, ctx.mbOutput, ctx.loss]);
        ctx.minibatch = undefined;
        ctx.mbOutput = undefined;
        ctx.loss = undefined;
        this.tick({ totalIterations: ctx.clock.totalIterations + 1 });
      }
      await this.fire('afterEvalExp');
    }
    await this.fire('afterEval');
    ctx.evalStreamName = undefined;
    if (periodic) return {};
    this.options.model.setTraining(wasTraining);
    return this.evaluatorMetrics();
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
