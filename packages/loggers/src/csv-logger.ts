import { z } from 'zod';
import { parseWithSchema, type Logger, type MetricData, type MetricValue, type StrategyContext } from '@avalanche-ts/core';
import { expandMetricValues, formatMetricData } from './format-metric-data.js';
import { functionSchema } from './function-schema.js';

export type CsvFileName = 'training_results.csv' | 'eval_results.csv';

/** Avalanche's columns, in order. */
export const TRAINING_RESULTS_HEADER = 'training_exp,epoch,training_accuracy,val_accuracy,training_loss,val_loss';
export const EVAL_RESULTS_HEADER = 'eval_exp,training_exp,eval_accuracy,eval_loss,forgetting';

const optionsSchema = z.object({ write: functionSchema<(file: CsvFileName, line: string) => void>() }).strict();

export interface CsvLoggerOptions {
  /** Receives each line (without newline) for one of the two files; `csvFileLogger` in `./node` writes files. */
  readonly write: (file: CsvFileName, line: string) => void;
}

/**
 * Avalanche's `CSVLogger`: `training_results.csv` gets one row per training epoch (accuracy and loss of
 * the epoch on the train stream, plus the latest accuracy and loss of an evaluation run during training,
 * 0 when there was none); `eval_results.csv` one row per experience evaluated outside training (its
 * accuracy, loss and forgetting, 0 when not emitted). Values are `%.4f`; missing values are `0`.
 */
export class CsvLogger implements Logger {
  readonly name: string = 'CsvLogger';
  private readonly write: CsvLoggerOptions['write'];
  private pending: MetricValue[] = [];
  private trainingExp: number | undefined;
  /** undefined until the first train() or eval(); eval inside train keeps it true (validation). */
  private inTrainPhase: boolean | undefined;
  private valAcc: MetricData | undefined;
  private valLoss: MetricData | undefined;

  constructor(options: CsvLoggerOptions) {
    this.write = parseWithSchema(optionsSchema, options, `${new.target.name} options`).write;
    this.write('training_results.csv', TRAINING_RESULTS_HEADER);
    this.write('eval_results.csv', EVAL_RESULTS_HEADER);
  }

  logMetrics(values: readonly MetricValue[]): void {
    this.pending.push(...expandMetricValues(values));
  }

  beforeTraining(): void {
    this.inTrainPhase = true;
  }

  afterTraining(): void {
    this.inTrainPhase = false;
  }

  beforeEval(): void {
    // eval() before any train() is an evaluation, not a validation.
    if (this.inTrainPhase === undefined) this.inTrainPhase = false;
  }

  beforeTrainingExp(context: StrategyContext): void {
    this.trainingExp = context.experience?.currentExperience;
  }

  afterTrainingEpoch(context: StrategyContext): void {
    let trainAcc: MetricData | undefined;
    let trainLoss: MetricData | undefined;
    for (const value of this.take()) {
      if (!value.name.includes('train_stream')) continue;
      if (value.name.startsWith('Top1_Acc_Epoch')) trainAcc = value.value;
      else if (value.name.startsWith('Loss_Epoch')) trainLoss = value.value;
    }
    this.write(
      'training_results.csv',
      [this.trainingExpText(), context.clock.trainExpEpochs, cell(trainAcc), cell(this.valAcc), cell(trainLoss), cell(this.valLoss)].join(','),
    );
  }

  afterEvalExp(context: StrategyContext): void {
    let acc: MetricData | undefined;
    let loss: MetricData | undefined;
    let forgetting: MetricData | undefined;
    for (const value of this.take()) {
      if (value.name.startsWith('Top1_Acc_Exp')) acc = value.value;
      else if (value.name.startsWith('Loss_Exp')) loss = value.value;
      else if (value.name.startsWith('ExperienceForgetting')) forgetting = value.value;
    }
    if (this.inTrainPhase) {
      this.valAcc = acc;
      this.valLoss = loss;
      return;
    }
    const evalExp = context.experience?.currentExperience ?? '';
    this.write('eval_results.csv', [evalExp, this.trainingExpText(), cell(acc), cell(loss), cell(forgetting)].join(','));
  }

  afterTrainingIteration(): void {
    // Per-iteration values never reach a row; drop them so they do not pile up.
    this.pending = this.pending.filter((v) => !v.name.includes('_MB/'));
  }

  afterEval(): void {
    this.pending = [];
  }

  private take(): MetricValue[] {
    const values = this.pending;
    this.pending = [];
    return values;
  }

  private trainingExpText(): string {
    // Python prints None for an evaluation before any training.
    return this.trainingExp === undefined ? 'None' : String(this.trainingExp);
  }
}

/** A value not emitted is Avalanche's integer default `0`; an emitted one is `%.4f`. */
function cell(value: MetricData | undefined): string {
  if (value === undefined) return '0';
  return typeof value === 'number' ? formatMetricData(value) : JSON.stringify(value).replace(/,/g, ';');
}

/** Creates a `CsvLogger` over a line writer. */
export function csvLogger(options: CsvLoggerOptions): CsvLogger {
  return new CsvLogger(options);
}
