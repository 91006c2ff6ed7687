/** The value of one metric at one point: a number, a vector, a matrix (confusion, accuracy matrix) or a map. */
export type MetricData = number | readonly number[] | readonly (readonly number[])[] | Readonly<Record<string, number>>;

/**
 * One emitted metric value, named with Avalanche's convention, e.g.
 * `Top1_Acc_Stream/eval_phase/test_stream/Task000`.
 */
export interface MetricValue {
  /** Name of the metric object that produced it (e.g. "StreamAccuracy"). */
  readonly origin: string;
  /** Full name in Avalanche's convention. */
  readonly name: string;
  readonly value: MetricData;
  /** The x position for plots: the strategy clock's training iteration count (or an experience index). */
  readonly xPlot: number;
}

/** Every value a metric took, with its x positions. */
export interface MetricHistory {
  readonly x: readonly number[];
  readonly values: readonly MetricData[];
}
