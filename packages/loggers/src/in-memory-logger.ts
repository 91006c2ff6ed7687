import type { Logger, MetricData, MetricHistory, MetricValue, StrategyContext } from '@avalanche-ts/core';
import { expandMetricValues } from './format-metric-data.js';

/** One logged value with the run position it was logged at. */
export interface MetricRecord {
  readonly name: string;
  readonly origin: string;
  readonly value: MetricData;
  readonly xPlot: number;
  /** The training experience last started (`beforeTrainingExp`); undefined before any training. */
  readonly trainingExp: number | undefined;
  /** True for values logged inside `train()`, including periodic evaluation (validation) there. */
  readonly duringTraining: boolean;
}

/**
 * Keeps every value in memory: the last value and the history of each metric (as the evaluation plugin's
 * `getLastMetrics` / `getAllMetrics`), and a flat list of records with the training experience each was
 * logged after, from which `buildReportData` derives the accuracy matrix.
 */
export class InMemoryLogger implements Logger {
  readonly name: string = 'InMemoryLogger';
  private readonly recordList: MetricRecord[] = [];
  private trainingExp: number | undefined;
  private inTraining = false;

  logMetrics(values: readonly MetricValue[]): void {
    for (const value of expandMetricValues(values)) {
      this.recordList.push({
        name: value.name,
        origin: value.origin,
        value: value.value,
        xPlot: value.xPlot,
        trainingExp: this.trainingExp,
        duringTraining: this.inTraining,
      });
    }
  }

  beforeTraining(): void {
    this.inTraining = true;
  }

  beforeTrainingExp(context: StrategyContext): void {
    this.trainingExp = context.experience?.currentExperience;
  }

  afterTraining(): void {
    this.inTraining = false;
  }

  /** Every value logged, in order. */
  get records(): readonly MetricRecord[] {
    return this.recordList;
  }

  /** Last value of every metric, by full name. */
  getLastMetrics(): Record<string, MetricData> {
    const last: Record<string, MetricData> = {};
    for (const record of this.recordList) last[record.name] = record.value;
    return last;
  }

  /** Every value of every metric with its x positions. */
  getAllMetrics(): Record<string, MetricHistory> {
    const all: Record<string, { x: number[]; values: MetricData[] }> = {};
    for (const record of this.recordList) {
      const history = (all[record.name] ??= { x: [], values: [] });
      history.x.push(record.xPlot);
      history.values.push(record.value);
    }
    return all;
  }
}

/** Creates an `InMemoryLogger`. */
export function inMemoryLogger(): InMemoryLogger {
  return new InMemoryLogger();
}
