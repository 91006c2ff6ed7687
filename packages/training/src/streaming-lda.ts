import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { parseWithSchema, type ContinualModel } from '@avalanche-ts/core';
import { sgd } from './sgd.js';
import { StreamingLdaModel } from './streaming-lda-model.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';

export const streamingLdaOptionsSchema = z
  .object({
    /** The fixed feature extractor (Avalanche's `slda_model`); omitted: SLDA works on the flattened inputs. */
    sldaModel: z.custom<ContinualModel>((v) => typeof v === 'object' && v !== null && typeof (v as ContinualModel).forward === 'function', {
      message: 'expected a ContinualModel',
    }).optional(),
    /** Feature dimension d (the extractor's output size, or the flattened input size). */
    inputSize: z.number().int().positive(),
    /** Total number of classes of the stream. */
    numClasses: z.number().int().positive(),
    /**
     * Which extractor output SLDA uses: its output (default, Avalanche's `output_layer_name=None`) or its
     * penultimate features (`getFeatures`); models here expose these two instead of arbitrary named layers.
     */
    featureLayer: z.enum(['output', 'features']).default('output'),
    /** ε of Λ = ((1 − ε)Σ + εI)⁻¹ (default 1e-4). */
    shrinkageParam: z.number().min(0).max(1).default(1e-4),
    /** Update the shared covariance with every sample (default true); false keeps Σ at its initial value. */
    streamingUpdateSigma: z.boolean().default(true),
  })
  .strict();
export type StreamingLdaOptions = z.input<typeof streamingLdaOptionsSchema>;

/**
 * The template of Avalanche's `StreamingLDA`: no backpropagation. Each iteration extracts the features of
 * the minibatch, scores them with the current LDA (the output and loss that metrics see), then fits the
 * samples one at a time between `beforeUpdate` and `afterUpdate`; the backward hooks do not fire.
 */
export class StreamingLdaTemplate extends SupervisedTemplate {
  declare readonly model: StreamingLdaModel;

  protected override async trainingStep(): Promise<void> {
    const ctx = this.ctx;
    await this.fire('beforeForward');
    const mb = ctx.minibatch!;
    const features = this.model.features(mb.x, { taskLabels: mb.taskLabels });
    try {
      ctx.mbOutput = this.model.predict(features);
      await this.fire('afterForward');
      ctx.loss = tf.tidy(() => this.criterion(ctx.mbOutput!, ctx.minibatch!.y, ctx));
      await this.fire('beforeUpdate');
      this.model.fit(features, mb.y);
      await this.fire('afterUpdate');
    } finally {
      features.dispose();
    }
  }

  override dispose(): void {
    super.dispose();
    this.model.dispose();
  }
}

/**
 * Deep Streaming LDA (Hayes & Kanan, CVPR Workshops 2020), as Avalanche's `StreamingLDA`: a fixed feature
 * extractor (or none) followed by a {@link StreamingLdaModel} fitted sample by sample, with no optimizer.
 * `train()` / `eval()` run through the template, so plugins and evaluators work as usual; the strategy's
 * `model` is the StreamingLdaModel (disposed with the strategy; the extractor stays the caller's).
 */
export function streamingLda(options: Omit<StrategyOptions, 'model' | 'optimizer'> & StreamingLdaOptions): StreamingLdaTemplate {
  const { sldaModel, inputSize, numClasses, featureLayer, shrinkageParam, streamingUpdateSigma, ...common } = options;
  const o = parseWithSchema(streamingLdaOptionsSchema, { sldaModel, inputSize, numClasses, featureLayer, shrinkageParam, streamingUpdateSigma }, 'streamingLda options');
  const model = new StreamingLdaModel({ ...o, extractor: o.sldaModel });
  // The template wants an optimizer; the model has no parameters, so it never steps.
  return new StreamingLdaTemplate({ ...common, model, optimizer: sgd({ lr: 0 }) });
}
