import type { MetricValue, StrategyContext } from '@avalanche-ts/core';
import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { ConfusionMatrix, type ConfusionNormalize } from './confusion-matrix.js';
import { GenericPluginMetric, type GenericPluginMetricOptions } from './generic-plugin-metric.js';
import { GRANULARITY_SCHEDULE } from './granularity.js';
import { getMetricName } from './metric-name.js';
import { minibatchView } from './minibatch-view.js';
import type { PluginMetric } from './plugin-metric.js';

/**
 * `ConfusionMatrix_Stream` (Avalanche's `StreamConfusionMatrix`): the confusion matrix of the evaluated
 * stream, `M[i][j] = #{samples with target i predicted as j}` (normalised as asked), emitted after each
 * `eval()` as `ConfusionMatrix_Stream/eval_phase/{stream}_stream` with a `number[][]` value. Its size is
 * `nClasses`, else the benchmark's class count when the experience knows it, else it grows with the
 * labels met. Rendering it as an image is a logger's job (Avalanche's `save_image`).
 */
export class StreamConfusionMatrix extends GenericPluginMetric {
  private matrix: ConfusionMatrix | undefined;

  constructor(
    private readonly nClasses?: number,
    private readonly normalize?: ConfusionNormalize,
    options: GenericPluginMetricOptions = { ...GRANULARITY_SCHEDULE.stream, origin: 'StreamConfusionMatrix' },
  ) {
    super('ConfusionMatrix_Stream', options);
  }

  reset(): void {
    this.matrix?.reset();
  }

  update(context: StrategyContext): void {
    if (this.matrix === undefined) {
      this.matrix = new ConfusionMatrix(this.nClasses ?? context.experience?.benchmark?.nClasses, this.normalize);
    }
    const v = minibatchView(context, this.name);
    this.matrix.updateLabels(v.predicted, v.targets);
  }

  result(): number[][] {
    return this.matrix?.result() ?? [];
  }

  protected override packageResult(context: StrategyContext): MetricValue[] {
    return [{ origin: this.origin, name: getMetricName(this.name, context, { addTask: false }), value: this.result(), xPlot: context.clock.trainIterations }];
  }
}

const confusionOptionsSchema = z
  .object({
    stream: z.boolean().optional(),
    nClasses: z.number().int().positive().optional(),
    normalize: z.enum(['true', 'pred', 'all']).optional(),
  })
  .strict();

/** Options of `confusionMatrixMetrics`. */
export type ConfusionMatrixMetricsOptions = z.infer<typeof confusionOptionsSchema>;

/** Avalanche's `confusion_matrix_metrics(num_classes, normalize, stream=False)`: the stream metric when `stream` is true. */
export function confusionMatrixMetrics(options: ConfusionMatrixMetricsOptions = {}): PluginMetric[] {
  const opts = parseWithSchema(confusionOptionsSchema, options, 'confusionMatrixMetrics options');
  return opts.stream ? [new StreamConfusionMatrix(opts.nClasses, opts.normalize)] : [];
}
