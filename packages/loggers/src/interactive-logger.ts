import { z } from 'zod';
import { parseWithSchema, type StrategyContext } from '@avalanche-ts/core';
import { functionSchema } from './function-schema.js';
import { lineProgress, type ProgressBar, type ProgressFactory } from './line-progress.js';
import { TextLogger, type WriteLine } from './text-logger.js';

const optionsSchema = z
  .object({ write: functionSchema<WriteLine>().optional(), progress: functionSchema<ProgressFactory>().optional() })
  .strict();

export interface InteractiveLoggerOptions {
  /** Where text lines go; default `console.log`. */
  readonly write?: WriteLine;
  /**
   * Makes progress bars; default `lineProgress` over `write` (plain lines, right for logs and browsers).
   * In a Node terminal use `terminalProgress()` from `@avalanche-ts/loggers/node`.
   */
  readonly progress?: ProgressFactory;
}

/**
 * Avalanche's `InteractiveLogger`: the `TextLogger` layout plus a progress bar per training epoch and per
 * evaluated experience (total = the data loader's length), with speed and ETA. Each bar stops before the
 * text of its epoch or experience prints, so bars and text never interleave.
 */
export class InteractiveLogger extends TextLogger {
  override readonly name: string = 'InteractiveLogger';
  private readonly progress: ProgressFactory;
  private bar: ProgressBar | undefined;

  constructor(options: InteractiveLoggerOptions = {}) {
    const { progress, ...text } = parseWithSchema(optionsSchema, options, 'InteractiveLogger options');
    super(text);
    this.progress = progress ?? lineProgress({ write: this.write });
  }

  beforeTrainingEpoch(context: StrategyContext): void {
    const exp = context.experience?.currentExperience ?? '?';
    this.startBar(`Experience ${exp}, epoch ${context.clock.trainExpEpochs}`, context);
  }

  afterTrainingIteration(): void {
    this.bar?.increment();
  }

  override afterTrainingEpoch(context: StrategyContext): void {
    this.stopBar();
    super.afterTrainingEpoch(context);
  }

  override beforeEvalExp(context: StrategyContext): void {
    super.beforeEvalExp(context);
    const experience = context.experience;
    this.startBar(`Eval experience ${experience?.currentExperience ?? '?'} (${experience?.streamName ?? '?'} stream)`, context);
  }

  afterEvalIteration(): void {
    this.bar?.increment();
  }

  override afterEvalExp(context: StrategyContext): void {
    this.stopBar();
    super.afterEvalExp(context);
  }

  override afterTraining(): void {
    this.stopBar();
    super.afterTraining();
  }

  override afterEval(): void {
    this.stopBar();
    super.afterEval();
  }

  /** Stops a bar left running (a run that threw mid-epoch). */
  close(): void {
    this.stopBar();
  }

  private startBar(label: string, context: StrategyContext): void {
    this.stopBar();
    this.bar = this.progress(label, context.dataLoader?.length ?? 0);
  }

  private stopBar(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

/** Creates an `InteractiveLogger`. */
export function interactiveLogger(options: InteractiveLoggerOptions = {}): InteractiveLogger {
  return new InteractiveLogger(options);
}
