import type { MetricValue, StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { ClassAccuracy, type TrackedClasses } from './class-accuracy.js';
import { GenericPluginMetric, type GenericPluginMetricOptions } from './generic-plugin-metric.js';
import { GRANULARITY_ORIGIN, GRANULARITY_SCHEDULE, granularityFlagsShape, selectedGranularities, type Granularity } from './granularity.js';
import { getMetricName } from './metric-name.js';
import { minibatchView } from './minibatch-view.js';
import type { PluginMetric } from './plugin-metric.js';

/** Avalanche's names: `Top1_ClassAcc_MB`, `Top1_ClassAcc_Epoch`, `Top1_RunningClassAcc_Epoch`, `Top1_ClassAcc_Exp`, `Top1_ClassAcc_Stream`. */
export const CLASS_ACCURACY_NAMES: Readonly<Record<Granularity, string>> = {
  minibatch: 'Top1_ClassAcc_MB',
  epoch: 'Top1_ClassAcc_Epoch',
  epochRunning: 'Top1_RunningClassAcc_Epoch',
  experience: 'Top1_ClassAcc_Exp',
  stream: 'Top1_ClassAcc_Stream',
};

/**
 * Per-class accuracy as a plugin metric, `acc_{t,c} = #{correct samples of class c, task t} / #{samples
 * of class c, task t}`, one value per task and class, named
 * `{name}/{phase}_phase/{stream}_stream/Task{t:03}[/Exp{e:03}]/{class}` (the task from the samples' labels).
 */
export class ClassAccuracyPluginMetric extends GenericPluginMetric {
  private readonly classAccuracy: ClassAccuracy;

  constructor(name: string, options: GenericPluginMetricOptions, classes?: TrackedClasses) {
    super(name, options);
    this.classAccuracy = new ClassAccuracy(classes);
  }

  reset(): void {
    this.classAccuracy.reset();
  }

  update(context: StrategyContext): void {
    const v = minibatchView(context, this.name);
    this.classAccuracy.updateLabels(v.predicted, v.targets, v.taskLabels);
  }

  result(): undefined {
    return undefined;
  }

  /** `task -> (class -> accuracy)`. */
  classResult(): Map<number, Map<number, number>> {
    return this.classAccuracy.result();
  }

  protected override packageResult(context: StrategyContext): MetricValue[] {
    const values: MetricValue[] = [];
    const addExperience = this.emitAt === 'experience';
    for (const [task, perClass] of this.classAccuracy.result()) {
      const base = getMetricName(this.name, context, { addExperience, addTask: task });
      for (const [c, acc] of perClass) {
        values.push({ origin: this.origin, name: `${base}/${c}`, value: acc, xPlot: context.clock.trainIterations });
      }
    }
    return values;
  }
}

const classesSchema = z.union([
  z.array(z.number().int()),
  z.record(z.string().regex(/^\d+$/), z.array(z.number().int())),
  z.custom<ReadonlyMap<number, readonly number[]>>((v) => v instanceof Map, 'a Map from task label to classes'),
]);

const classAccuracyOptionsSchema = z.object({ ...granularityFlagsShape, classes: classesSchema.optional() }).strict();

/** Options of `classAccuracyMetrics`: one flag per granularity and the classes to track. */
export interface ClassAccuracyMetricsOptions extends Partial<Record<Granularity, boolean>> {
  /** Classes to track (a list for task 0, or per task); default every class seen. */
  readonly classes?: TrackedClasses;
}

/** Avalanche's `class_accuracy_metrics(minibatch, epoch, epoch_running, experience, stream, classes)`. */
export function classAccuracyMetrics(options: ClassAccuracyMetricsOptions = {}): PluginMetric[] {
  parseWithSchema(classAccuracyOptionsSchema, options, 'classAccuracyMetrics options');
  return selectedGranularities(options).map(
    (g) =>
      new ClassAccuracyPluginMetric(CLASS_ACCURACY_NAMES[g], { ...GRANULARITY_SCHEDULE[g], origin: `${GRANULARITY_ORIGIN[g]}ClassAccuracy` }, options.classes),
  );
}
