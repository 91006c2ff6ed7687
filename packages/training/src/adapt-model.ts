import { isAdaptiveModule, type ContinualModel, type Experience } from '@avalanche-ts/core';

/** A model that exposes its submodules (optional; lets the template adapt nested dynamic modules). */
interface WithModules {
  modules(): Iterable<unknown>;
}

function hasModules(value: unknown): value is WithModules {
  return typeof value === 'object' && value !== null && typeof (value as WithModules).modules === 'function';
}

/**
 * Avalanche's `avalanche_model_adaptation`: calls `adapt(experience)` on the model when it is an
 * `AdaptiveModule`, otherwise on each adaptive submodule it exposes through `modules()` (an adaptive model
 * is expected to adapt its own children). Returns true when any parameter was added or replaced.
 */
export function adaptModel(model: ContinualModel, experience: Experience): boolean {
  if (isAdaptiveModule(model)) return model.adapt(experience);
  if (!hasModules(model)) return false;
  let changed = false;
  for (const module of model.modules()) {
    if (module !== model && isAdaptiveModule(module)) changed = module.adapt(experience) || changed;
  }
  return changed;
}
