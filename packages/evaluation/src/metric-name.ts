import type { Experience, StrategyContext } from '@avalanche-ts/core';

/** 'train' inside `train()` (also for evaluation-free training hooks), 'eval' inside `eval()`. */
export function phaseOf(context: StrategyContext): 'train' | 'eval' {
  return context.isTraining ? 'train' : 'eval';
}

/** The experience's single task label, or undefined when it has several (or none), as Avalanche's `phase_and_task`. */
export function taskOf(experience: Experience | undefined): number | undefined {
  if (experience === undefined || experience.taskLabels.length !== 1) return undefined;
  return experience.taskLabels[0];
}

/** Name of the stream the current experience comes from ("train", "test", ...). */
export function streamOf(context: StrategyContext): string {
  return context.experience?.streamName ?? context.evalStreamName ?? 'unknown';
}

const pad3 = (n: number): string => String(n).padStart(3, '0');

export interface MetricNameOptions {
  /** Adds `/Exp{current_experience:03}` (experience-level metrics). */
  readonly addExperience?: boolean;
  /**
   * true: add `/Task{t:03}` with the experience's task label when it has exactly one; false: never;
   * a number: add that task label.
   */
  readonly addTask?: boolean | number;
}

/**
 * Avalanche's metric key (`evaluation/metric_utils.py::get_metric_name`):
 * `{metric}/{phase}_phase/{stream}_stream[/Task{task:03}][/Exp{exp:03}]`, e.g.
 * `Top1_Acc_Stream/eval_phase/test_stream/Task000`.
 */
export function getMetricName(metric: string, context: StrategyContext, options: MetricNameOptions = {}): string {
  let name = `${metric}/${phaseOf(context)}_phase/${streamOf(context)}_stream`;
  const addTask = options.addTask ?? true;
  const task = typeof addTask === 'number' ? addTask : addTask ? taskOf(context.experience) : undefined;
  if (task !== undefined) name += `/Task${pad3(task)}`;
  if (options.addExperience && context.experience !== undefined) name += `/Exp${pad3(context.experience.currentExperience)}`;
  return name;
}
