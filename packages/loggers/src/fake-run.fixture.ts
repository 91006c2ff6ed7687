// Test fixture (not built): drives a logger through a whole run the way the evaluation plugin does, with
// hand-written metric values, so each logger's output can be checked against numbers computed by hand.
import type { ClockState, Experience, HookName, Logger, MetricValue, StrategyContext, StrategyControls } from '@avalanche-ts/core';
import { formatMetricName } from './metric-name.js';

export interface FakeExperience {
  readonly exp: number;
  readonly stream: string;
  readonly tasks: readonly number[];
}

export interface FakeContextOptions {
  readonly isTraining?: boolean;
  readonly experience?: FakeExperience;
  readonly clock?: Partial<ClockState>;
  readonly loaderLength?: number;
  readonly trainedExperiences?: readonly number[];
}

/** A StrategyContext with only what loggers read; every other field is undefined. */
export function fakeContext(options: FakeContextOptions = {}): StrategyContext {
  const e = options.experience;
  const experience =
    e === undefined
      ? undefined
      : ({ currentExperience: e.exp, streamName: e.stream, taskLabels: e.tasks, classesInThisExperience: [] } as unknown as Experience);
  return {
    isTraining: options.isTraining ?? false,
    experience,
    evalStreamName: options.isTraining ? undefined : e?.stream,
    dataLoader: options.loaderLength === undefined ? undefined : { length: options.loaderLength, batches: () => [] },
    clock: {
      trainIterations: 0,
      trainExpCounter: 0,
      trainExpEpochs: 0,
      trainExpIterations: 0,
      trainEpochIterations: 0,
      totalIterations: 0,
      ...options.clock,
    },
    trainedExperiences: options.trainedExperiences ?? [],
    trainMbSize: 4,
    trainEpochs: 2,
    evalMbSize: 4,
  } as unknown as StrategyContext;
}

export const noControls = new Proxy({} as StrategyControls, {
  get: (_target, key) => () => {
    throw new Error(`loggers must not call controls.${String(key)}`);
  },
});

export interface RunStep {
  readonly hook: HookName;
  readonly context: StrategyContext;
  readonly values: readonly MetricValue[];
}

/** Calls `logMetrics` with each step's values, then the logger's hook (EvaluationPlugin's order). */
export async function driveLogger(logger: Logger, steps: readonly RunStep[]): Promise<void> {
  for (const step of steps) {
    if (step.values.length > 0) logger.logMetrics(step.values);
    await logger[step.hook]?.(step.context, noControls);
  }
}

/** Hand-picked values of the fake run: per training experience, per epoch [accuracy, loss]. */
export const TRAIN_EPOCHS: readonly (readonly [number, number])[][] = [
  [[0.5, 1.2], [0.75, 0.8]],
  [[0.625, 1.0], [0.875, 0.5]],
];
/** EVAL[i][j] = [accuracy, loss] on test experience j after training experience i (10 samples each). */
export const EVAL: readonly (readonly [number, number])[][] = [
  [[0.9, 0.3], [0, 2.5]],
  [[0.6, 1.1], [0.95, 0.2]],
];
export const ITERATIONS_PER_EPOCH = 2;
export const EPOCHS = 2;

/**
 * Two experiences, two epochs of two iterations each, then an evaluation of the two test experiences
 * after each training experience. Class-incremental (task 0 everywhere) unless `taskIncremental`, where
 * experience i has task label i. Stream values are pattern-weighted means (equal sizes, so plain means);
 * forgetting is accuracy right after training an experience minus the current accuracy.
 */
export function fakeRun(options: { taskIncremental?: boolean } = {}): RunStep[] {
  const steps: RunStep[] = [];
  const task = (exp: number) => (options.taskIncremental ? exp : 0);
  const mv = (metric: string, phase: 'train' | 'eval', stream: string, value: number, x: number, t?: number, exp?: number): MetricValue => ({
    origin: metric,
    name: formatMetricName({ metric, phase, stream, ...(t !== undefined ? { task: t } : {}), ...(exp !== undefined ? { exp } : {}) }),
    value,
    xPlot: x,
  });
  let iterations = 0;
  const trained: number[] = [];
  for (let i = 0; i < TRAIN_EPOCHS.length; i++) {
    const experience = { exp: i, stream: 'train', tasks: [task(i)] };
    const ctx = (clock: Partial<ClockState> = {}, loaderLength = ITERATIONS_PER_EPOCH) =>
      fakeContext({ isTraining: true, experience, loaderLength, trainedExperiences: [...trained], clock: { trainIterations: iterations, trainExpCounter: i, ...clock } });
    steps.push({ hook: 'beforeTraining', context: ctx(), values: [] });
    steps.push({ hook: 'beforeTrainingExp', context: ctx(), values: [] });
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      steps.push({ hook: 'beforeTrainingEpoch', context: ctx({ trainExpEpochs: epoch }), values: [] });
      for (let it = 0; it < ITERATIONS_PER_EPOCH; it++) {
        steps.push({ hook: 'beforeTrainingIteration', context: ctx({ trainExpEpochs: epoch, trainEpochIterations: it }), values: [] });
        const [acc, loss] = TRAIN_EPOCHS[i][epoch];
        steps.push({
          hook: 'afterTrainingIteration',
          context: ctx({ trainExpEpochs: epoch, trainEpochIterations: it }),
          values: [mv('Top1_Acc_MB', 'train', 'train', acc, iterations, task(i)), mv('Loss_MB', 'train', 'train', loss, iterations, task(i))],
        });
        iterations++;
      }
      const [acc, loss] = TRAIN_EPOCHS[i][epoch];
      steps.push({
        hook: 'afterTrainingEpoch',
        context: ctx({ trainExpEpochs: epoch }),
        values: [mv('Top1_Acc_Epoch', 'train', 'train', acc, iterations, task(i)), mv('Loss_Epoch', 'train', 'train', loss, iterations, task(i))],
      });
    }
    steps.push({ hook: 'afterTrainingExp', context: ctx({ trainExpEpochs: EPOCHS }), values: [] });
    trained.push(i);
    steps.push({ hook: 'afterTraining', context: ctx(), values: [] });

    const evalCtx = (j?: number) =>
      fakeContext({
        isTraining: false,
        experience: j === undefined ? undefined : { exp: j, stream: 'test', tasks: [task(j)] },
        loaderLength: 1,
        trainedExperiences: [...trained],
        clock: { trainIterations: iterations, trainExpCounter: i + 1 },
      });
    steps.push({ hook: 'beforeEval', context: evalCtx(), values: [] });
    for (let j = 0; j < EVAL[i].length; j++) {
      steps.push({ hook: 'beforeEvalExp', context: evalCtx(j), values: [] });
      steps.push({ hook: 'afterEvalIteration', context: evalCtx(j), values: [] });
      const [acc, loss] = EVAL[i][j];
      const values = [mv('Top1_Acc_Exp', 'eval', 'test', acc, iterations, task(j), j), mv('Loss_Exp', 'eval', 'test', loss, iterations, task(j), j)];
      if (j <= i) values.push(mv('ExperienceForgetting', 'eval', 'test', EVAL[j][j][0] - acc, iterations, task(j), j));
      steps.push({ hook: 'afterEvalExp', context: evalCtx(j), values });
    }
    const last = EVAL[i].length - 1;
    const mean = (k: 0 | 1) => EVAL[i].reduce((s, v) => s + v[k], 0) / EVAL[i].length;
    const forgotten = EVAL[i].slice(0, i).map((v, j) => EVAL[j][j][0] - v[0]);
    const streamValues = [mv('Top1_Acc_Stream', 'eval', 'test', mean(0), iterations, task(last)), mv('Loss_Stream', 'eval', 'test', mean(1), iterations, task(last))];
    if (forgotten.length > 0) {
      streamValues.push(mv('StreamForgetting', 'eval', 'test', forgotten.reduce((s, v) => s + v, 0) / forgotten.length, iterations));
    }
    steps.push({ hook: 'afterEval', context: evalCtx(), values: streamValues });
  }
  return steps;
}
