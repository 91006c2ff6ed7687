import type { MetricValue, StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { GenericPluginMetric, type MetricMode } from './generic-plugin-metric.js';
import { LabelsRepartition } from './labels-repartition.js';
import { streamOf } from './metric-name.js';
import type { PluginMetric } from './plugin-metric.js';

/** When the repartition is emitted and reset. */
export type RepartitionAt = 'epoch' | 'experience' | 'stream';

/**
 * `Repartition` (Avalanche's `LabelsRepartitionPlugin`): how many samples of each label (per task) the
 * model saw in the span, `count_{t,c}`, emitted as `Repartition/{mode}_phase/{stream}_stream/Task_{t:03}`
 * with a `{label: count}` value (labels in the benchmark's class order when known). In training, unless it
 * emits per epoch, only the first epoch of an experience is counted (each epoch sees the same data).
 * Avalanche also draws a chart of the history; here the history is what `getAllMetrics()` keeps.
 */
export class LabelsRepartitionPlugin extends GenericPluginMetric {
  private readonly repartition = new LabelsRepartition();

  constructor(mode: MetricMode = 'train', emitResetAt: RepartitionAt = 'epoch') {
    super('Repartition', { resetAt: emitResetAt, emitAt: emitResetAt, mode, origin: 'LabelsRepartitionPlugin' });
  }

  reset(): void {
    this.repartition.reset();
  }

  update(context: StrategyContext): void {
    if (this.mode === 'train' && context.clock.trainExpEpochs > 0 && this.emitAt !== 'epoch') return;
    const batch = context.minibatch;
    if (batch === undefined) return;
    this.repartition.update(batch.taskLabels.dataSync(), batch.y.dataSync(), context.experience?.benchmark?.classesOrder);
  }

  result(): undefined {
    return undefined;
  }

  protected override packageResult(context: StrategyContext): MetricValue[] {
    const values: MetricValue[] = [];
    for (const [task, counts] of this.repartition.result()) {
      values.push({
        origin: this.origin,
        name: `Repartition/${this.mode}_phase/${streamOf(context)}_stream/Task_${String(task).padStart(3, '0')}`,
        value: Object.fromEntries([...counts.entries()].map(([c, n]) => [String(c), n])),
        xPlot: context.clock.trainIterations,
      });
    }
    return values;
  }
}

const repartitionOptionsSchema = z
  .object({
    onTrain: z.boolean().optional(),
    emitTrainAt: z.enum(['epoch', 'experience', 'stream']).optional(),
    onEval: z.boolean().optional(),
    emitEvalAt: z.enum(['experience', 'stream']).optional(),
  })
  .strict();

/** Options of `labelsRepartitionMetrics` (defaults as Avalanche: train per epoch, no eval). */
export type LabelsRepartitionMetricsOptions = z.infer<typeof repartitionOptionsSchema>;

/** Avalanche's `labels_repartition_metrics(on_train=True, emit_train_at="epoch", on_eval=False, emit_eval_at="stream")`. */
export function labelsRepartitionMetrics(options: LabelsRepartitionMetricsOptions = {}): PluginMetric[] {
  const opts = parseWithSchema(repartitionOptionsSchema, options, 'labelsRepartitionMetrics options');
  const out: PluginMetric[] = [];
  if (opts.onEval ?? false) out.push(new LabelsRepartitionPlugin('eval', opts.emitEvalAt ?? 'stream'));
  if (opts.onTrain ?? true) out.push(new LabelsRepartitionPlugin('train', opts.emitTrainAt ?? 'epoch'));
  return out;
}
