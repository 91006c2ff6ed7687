import * as tf from '@tensorflow/tfjs';
import type { BaseModel } from './base-model.js';
import { LayersExport } from './layers-export.js';

export interface ToLayersModelOptions {
  /** For multi-task models: the task whose head the exported model uses. */
  readonly taskLabel?: number;
  /** Shape of one input sample (default: the model's `inputShape`). */
  readonly inputShape?: readonly number[];
}

/**
 * Builds a plain tf.layers model with the same weights and inference output as `model` (eval mode:
 * dropout off, batch norm on running statistics). Save it with `layersModel.save(handler)` to get the
 * standard model.json + weights that `tf.loadLayersModel` reads in a browser, with no avalanche-ts
 * code. Training does not use tf.layers (see {@link Module} for why), so tf.layers
 * appears only here. Dispose the returned model when done.
 */
export function toLayersModel(model: BaseModel, options: ToLayersModelOptions = {}): tf.LayersModel {
  const ex = new LayersExport(options.taskLabel);
  const input = tf.input({ shape: [...(options.inputShape ?? model.inputShape)], name: 'input' });
  const output = model.toLayers(input, ex);
  const layersModel = tf.model({ inputs: input, outputs: output, name: model.name });
  ex.finish();
  return layersModel;
}
