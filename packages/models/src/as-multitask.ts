import { ValidationError } from '@avalanche-ts/core';
import type { BaseModel } from './base-model.js';
import { Linear } from './linear.js';
import { Sequential } from './sequential.js';
import { MultiHeadClassifier, type MultiHeadClassifierOptions } from './multi-head-classifier.js';

/**
 * Turns a single-head model into a multi-task one (Avalanche's `as_multitask`): its Linear head becomes
 * a MultiHeadClassifier whose task-0 head keeps the Linear's weights, so outputs for task 0 are
 * unchanged; new task labels get new heads on adaptation. Changes `model` in place and returns it.
 */
export function asMultitask<M extends BaseModel>(model: M, options: Omit<MultiHeadClassifierOptions, 'inFeatures' | 'initialOutFeatures'> = {}): M {
  // A Sequential holding one Linear (SimpleCNN's classifier) counts as that Linear.
  const head = model.head instanceof Sequential && model.head.length === 1 ? model.head.child('0') : model.head;
  if (!(head instanceof Linear)) {
    throw new ValidationError(`asMultitask: the head of ${model.name} is a ${head.constructor.name}, not a Linear`);
  }
  // setHead frees the old head, so the new one is built over a copy of its weights.
  const clone = head.cloneModule();
  model.setHead(MultiHeadClassifier.fromLinear(clone, { masking: false, ...options }));
  return model;
}
