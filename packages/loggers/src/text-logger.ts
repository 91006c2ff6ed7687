import { z } from 'zod';
import { parseWithSchema, type Experience, type Logger, type MetricData, type MetricValue, type StrategyContext } from '@avalanche-ts/core';
import { expandMetricValues, formatMetricData } from './format-metric-data.js';
import { functionSchema } from './function-schema.js';

/** Receives one line of text (no trailing newline; a vector value spans several lines). */
export type WriteLine = (line: string) => void;

const optionsSchema = z.object({ write: functionSchema<WriteLine>().optional() }).strict();

export interface TextLoggerOptions {
  /** Where lines go; default `console.log`, so the logger works in a browser too. */
  readonly write?: WriteLine;
}

/**
 * Avalanche's `TextLogger`: phase banners, one line per experience, and the metrics buffered since the last
 * print, sorted by name, at the end of each training epoch, evaluated experience and eval phase. Values of
 * every iteration are not printed; the last one shows at the end of the epoch.
 *
 * Hooks expect the evaluation plugin's order: `logMetrics(values emitted at a hook)`, then the logger's hook.
 */
export class TextLogger implements Logger {
  readonly name: string = 'TextLogger';
  protected readonly write: WriteLine;
  private readonly buffered = new Map<string, MetricData>();

  constructor(options: TextLoggerOptions = {}) {
    const parsed = parseWithSchema(optionsSchema, options, `${new.target.name} options`);
    this.write = parsed.write ?? ((line) => console.log(line));
  }

  logMetrics(values: readonly MetricValue[]): void {
    for (const value of expandMetricValues(values)) this.buffered.set(value.name, value.value);
  }

  beforeTraining(): void {
    this.write('-- >> Start of training phase << --');
  }

  afterTraining(): void {
    this.write('-- >> End of training phase << --');
  }

  beforeTrainingExp(context: StrategyContext): void {
    this.writeExperienceStart(context);
  }

  afterTrainingEpoch(context: StrategyContext): void {
    // The clock updates after the plugins, so this is the index of the epoch that just ended (0 first).
    this.write(`Epoch ${context.clock.trainExpEpochs} ended.`);
    this.flushMetrics();
  }

  beforeEval(): void {
    this.write('-- >> Start of eval phase << --');
  }

  beforeEvalExp(context: StrategyContext): void {
    this.writeExperienceStart(context);
  }

  afterEvalExp(context: StrategyContext): void {
    const experience = context.experience;
    if (experience !== undefined) {
      this.write(`> Eval on experience ${experience.currentExperience}${taskPart(experience)} from ${experience.streamName} stream ended.`);
    }
    this.flushMetrics();
  }

  afterEval(): void {
    this.write('-- >> End of eval phase << --');
    this.flushMetrics();
  }

  private writeExperienceStart(context: StrategyContext): void {
    const experience = context.experience;
    if (experience === undefined) return;
    const action = context.isTraining ? 'training' : 'eval';
    this.write(`-- Starting ${action} on experience ${experience.currentExperience}${taskPart(experience)} from ${experience.streamName} stream --`);
  }

  private flushMetrics(): void {
    const names = [...this.buffered.keys()].sort();
    for (const name of names) this.write(`\t${name} = ${formatMetricData(this.buffered.get(name)!)}`);
    this.buffered.clear();
  }
}

/** The single task label of an experience, or undefined when it has several (Avalanche's `phase_and_task`). */
export function singleTaskLabel(experience: Experience): number | undefined {
  return experience.taskLabels.length === 1 ? experience.taskLabels[0] : undefined;
}

function taskPart(experience: Experience): string {
  const task = singleTaskLabel(experience);
  return task === undefined ? '' : ` (Task ${task})`;
}

/** Creates a `TextLogger`. */
export function textLogger(options: TextLoggerOptions = {}): TextLogger {
  return new TextLogger(options);
}
