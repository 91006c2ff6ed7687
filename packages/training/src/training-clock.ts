import { initialClockState, type ClockState } from '@avalanche-ts/core';

/**
 * Avalanche's `Clock` plugin as a small mutable object. The template updates it after every plugin has run
 * for a hook (the Clock is the last plugin in Avalanche), so plugins see the counters before the update.
 */
export class TrainingClock implements ClockState {
  trainIterations = 0;
  trainExpCounter = 0;
  trainExpEpochs = 0;
  trainExpIterations = 0;
  trainEpochIterations = 0;
  totalIterations = 0;

  beforeTrainingExp(): void {
    this.trainExpEpochs = 0;
    this.trainExpIterations = 0;
  }

  beforeTrainingEpoch(): void {
    this.trainEpochIterations = 0;
  }

  afterTrainingIteration(): void {
    this.trainEpochIterations += 1;
    this.trainExpIterations += 1;
    this.trainIterations += 1;
    this.totalIterations += 1;
  }

  afterTrainingEpoch(): void {
    this.trainExpEpochs += 1;
  }

  afterTrainingExp(): void {
    this.trainExpCounter += 1;
  }

  afterEvalIteration(): void {
    this.totalIterations += 1;
  }

  /** A plain copy, for checkpoints. */
  snapshot(): ClockState {
    return {
      trainIterations: this.trainIterations,
      trainExpCounter: this.trainExpCounter,
      trainExpEpochs: this.trainExpEpochs,
      trainExpIterations: this.trainExpIterations,
      trainEpochIterations: this.trainEpochIterations,
      totalIterations: this.totalIterations,
    };
  }

  restore(state: ClockState = initialClockState()): void {
    this.trainIterations = state.trainIterations;
    this.trainExpCounter = state.trainExpCounter;
    this.trainExpEpochs = state.trainExpEpochs;
    this.trainExpIterations = state.trainExpIterations;
    this.trainEpochIterations = state.trainEpochIterations;
    this.totalIterations = state.totalIterations;
  }
}
