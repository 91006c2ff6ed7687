/** Counters of the training loop (Avalanche's Clock). Plugins see them before the clock updates them. */
export interface ClockState {
  /** Training iterations since the start of the run. */
  readonly trainIterations: number;
  /** Experiences trained on so far. */
  readonly trainExpCounter: number;
  /** Epochs completed in the current experience. */
  readonly trainExpEpochs: number;
  /** Iterations in the current experience. */
  readonly trainExpIterations: number;
  /** Iterations in the current epoch. */
  readonly trainEpochIterations: number;
  /** Training plus evaluation iterations since the start of the run. */
  readonly totalIterations: number;
}

export function initialClockState(): ClockState {
  return {
    trainIterations: 0,
    trainExpCounter: 0,
    trainExpEpochs: 0,
    trainExpIterations: 0,
    trainEpochIterations: 0,
    totalIterations: 0,
  };
}
