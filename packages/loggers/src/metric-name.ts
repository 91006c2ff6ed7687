import { ValidationError } from '@avalanche-ts/core';

/** The parts of a metric key in Avalanche's convention. */
export interface MetricNameParts {
  /** The metric's own name, e.g. `Top1_Acc_Exp`. */
  readonly metric: string;
  readonly phase: 'train' | 'eval';
  /** The stream's name without the `_stream` suffix, e.g. `test`. */
  readonly stream: string;
  /** The task label, present only when the experience had exactly one. */
  readonly task?: number;
  /** The experience index, present for experience-level metrics. */
  readonly exp?: number;
  /** Whatever follows (a class id for `Top1_ClassAcc_Exp`, a key of an expanded dict value). */
  readonly suffix?: string;
}

// `{metric}/{phase}_phase/{stream}_stream[/Task{task:03}][/Exp{exp:03}][/{suffix}]` (avalanche/evaluation/metric_utils.py).
const PATTERN = /^(.+?)\/(train|eval)_phase\/(.+?)_stream(?:\/Task(\d{3,}))?(?:\/Exp(\d{3,}))?(?:\/(.+))?$/;

/**
 * Splits a key such as `Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp001` into its parts; returns
 * undefined for names outside the convention (e.g. `EvalStream/Acc_Matrix`).
 */
export function parseMetricName(name: string): MetricNameParts | undefined {
  const match = PATTERN.exec(name);
  if (match === null) return undefined;
  const [, metric, phase, stream, task, exp, suffix] = match;
  return {
    metric,
    phase: phase as 'train' | 'eval',
    stream,
    ...(task !== undefined ? { task: Number(task) } : {}),
    ...(exp !== undefined ? { exp: Number(exp) } : {}),
    ...(suffix !== undefined ? { suffix } : {}),
  };
}

/** Builds a key in Avalanche's convention; the inverse of `parseMetricName`. */
export function formatMetricName(parts: MetricNameParts): string {
  for (const field of ['task', 'exp'] as const) {
    const value = parts[field];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new ValidationError(`metric name ${field} must be a non-negative integer, got ${value}`);
    }
  }
  let name = `${parts.metric}/${parts.phase}_phase/${parts.stream}_stream`;
  if (parts.task !== undefined) name += `/Task${String(parts.task).padStart(3, '0')}`;
  if (parts.exp !== undefined) name += `/Exp${String(parts.exp).padStart(3, '0')}`;
  if (parts.suffix !== undefined) name += `/${parts.suffix}`;
  return name;
}
