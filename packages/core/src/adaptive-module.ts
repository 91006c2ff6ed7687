import type { Experience } from './experience.js';

/**
 * A model (or part of one) that changes its structure for a new experience: an incremental classifier
 * that grows output units, a multi-head classifier that adds a head. The training template calls
 * `adapt` before training on, and before evaluating, each experience, without importing the models
 * package. Returns true when parameters were added or replaced, so the optimizer must learn of them.
 */
export interface AdaptiveModule {
  adapt(experience: Experience): boolean;
}

export function isAdaptiveModule(value: unknown): value is AdaptiveModule {
  return typeof value === 'object' && value !== null && typeof (value as AdaptiveModule).adapt === 'function';
}
