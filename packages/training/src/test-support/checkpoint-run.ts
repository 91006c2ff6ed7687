import type { Experience, Stream } from '@avalanche-ts/core';
import { TinyModel, fakeScenario } from '@avalanche-ts/core/testing';
import { lrSchedulerPlugin, stepLr } from '../lr-scheduler-plugin.js';
import { naive } from '../naive.js';
import { sgd } from '../sgd.js';
import type { SupervisedTemplate } from '../supervised-template.js';
import { TestEvaluator } from './test-evaluator.js';

export interface CheckpointRun {
  readonly train: Experience[];
  readonly testStream: Stream;
  readonly model: TinyModel;
  readonly evaluator: TestEvaluator;
  readonly strategy: SupervisedTemplate;
}

/** The run the checkpoint tests repeat: 5 experiences, momentum, a step LR schedule, dropout-free TinyModel. */
export function makeCheckpointRun(): CheckpointRun {
  const scenario = fakeScenario({ nExperiences: 5, samplesPerClass: 30, testSamplesPerClass: 10, seed: 11 });
  const model = new TinyModel({ inputSize: 8, nClasses: 10, seed: 5 });
  const evaluator = new TestEvaluator();
  const strategy = naive({
    model,
    optimizer: sgd({ lr: 0.05, momentum: 0.9, weightDecay: 1e-4 }),
    trainMbSize: 8,
    trainEpochs: 2,
    evaluator,
    evalEvery: 0,
    seed: 7,
    plugins: [lrSchedulerPlugin({ scheduler: stepLr({ stepSize: 4, gamma: 0.5 }), stepGranularity: 'iteration', resetLr: false, resetScheduler: false })],
  });
  return { train: [...scenario.trainStream], testStream: scenario.testStream, model, evaluator, strategy };
}

/** Trains experiences `from..4`, calling `afterExperience(k)` with the number of experiences done. */
export async function continueRun(run: CheckpointRun, from: number, afterExperience?: (done: number) => Promise<void>): Promise<void> {
  for (let k = from; k < run.train.length; k++) {
    await run.strategy.train(run.train[k], { evalStreams: [run.testStream] });
    await afterExperience?.(k + 1);
  }
}
