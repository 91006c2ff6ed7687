import { BatchNorm2d } from './batch-norm-2d.js';
import { BatchRenorm2D, type BatchRenorm2dOptions } from './batch-renorm-2d.js';
import { Module } from './module.js';

/** Module internals this helper needs: replacing a child keeps its name and position. */
interface ReplaceableChildren {
  registerModule(name: string, module: Module): Module;
}

/**
 * Replaces every BatchNorm2d (and BatchNorm1d) inside `module` by a {@link BatchRenorm2D} that starts from
 * its γ, β, running statistics and eps (Avalanche's `replace_bn_with_brn`), in place: names and order of
 * parameters are kept except that `weight` / `bias` become `gamma` / `beta`, and the old layers are freed.
 * Returns the number of layers replaced.
 */
export function replaceBnWithBrn(module: Module, options: Omit<BatchRenorm2dOptions, 'eps'> = {}): number {
  let replaced = 0;
  for (const [name, child] of module.namedChildren()) {
    if (child instanceof BatchNorm2d) {
      const brn = BatchRenorm2D.fromBatchNorm(child, options);
      brn.setTraining(child.training);
      (module as unknown as ReplaceableChildren).registerModule(name, brn);
      replaced++;
    } else {
      replaced += replaceBnWithBrn(child, options);
    }
  }
  return replaced;
}

/** Every BatchRenorm2D inside `module` (itself included), depth first. */
export function batchRenormLayers(module: Module): BatchRenorm2D[] {
  const out: BatchRenorm2D[] = module instanceof BatchRenorm2D ? [module] : [];
  for (const [, child] of module.namedChildren()) out.push(...batchRenormLayers(child));
  return out;
}

/** Sets momentum, increment step and current r_max / d_max of every BatchRenorm2D inside `module` (Avalanche's `change_brn_pars`). */
export function changeBrnPars(module: Module, options: { momentum?: number; rDMaxIncStep?: number; rMax?: number; dMax?: number }): void {
  for (const brn of batchRenormLayers(module)) brn.setRenormParameters(options);
}
