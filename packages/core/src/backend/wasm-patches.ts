import * as tf from '@tensorflow/tfjs';
import { batchMatMulPatch, fusedMatMulPatch } from './batch-mat-mul-patch.js';
import { conv2dBackpropFilterPatch } from './conv2d-backprop-filter-patch.js';
import { conv2dBackpropInputPatch } from './conv2d-backprop-input-patch.js';
import { depthwiseConv2dBackpropFilterPatch } from './depthwise-conv2d-backprop-filter-patch.js';
import { depthwiseConv2dBackpropInputPatch } from './depthwise-conv2d-backprop-input-patch.js';
import { maxPoolGradPatch } from './max-pool-grad-patch.js';
import { unsortedSegmentSumPatch } from './unsorted-segment-sum-patch.js';
import { PATCH_MARK, type MarkedKernelFunc, type WasmKernelPatch } from './wasm-kernel-patch.js';

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

/** Every fix, in the order it is registered. */
export const WASM_KERNEL_PATCHES: readonly WasmKernelPatch[] = [
  batchMatMulPatch,
  fusedMatMulPatch,
  conv2dBackpropFilterPatch,
  conv2dBackpropInputPatch,
  depthwiseConv2dBackpropFilterPatch,
  depthwiseConv2dBackpropInputPatch,
  unsortedSegmentSumPatch,
  maxPoolGradPatch,
];

/** Stock kernel configs replaced by the patches, kept to restore them (undefined: the kernel was missing). */
const replaced = new Map<string, tf.KernelConfig | undefined>();

/**
 * Fixes the wasm backend's gaps and slow paths, pinned to tfjs 4.22.0 (skipped with a reason on any other
 * version): matMul with a transposed operand is transposed explicitly so XNNPACK runs; the missing
 * Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter/Input and UnsortedSegmentSum are added; the
 * scalar-loop Conv2DBackpropInput is replaced. Each replacement registers under the stock kernel's name, so
 * gradients (which call kernels by name) use it too. Idempotent, also across two copies of this package.
 * Call it after `@tensorflow/tfjs-backend-wasm` is imported (initBackend does); before, it skips with a reason.
 */
export function applyWasmPatches(): WasmPatchReport {
  const version = tf.version_core;
  if (version !== PATCHED_TFJS_VERSION) {
    return { tfjsVersion: version, kernels: [], skipped: [`tfjs-core ${version} is not ${PATCHED_TFJS_VERSION}; wasm patches skipped`] };
  }
  if (!tf.engine().registryFactory.wasm) {
    // Patching before @tensorflow/tfjs-backend-wasm is imported would be undone when its kernels register.
    return { tfjsVersion: version, kernels: [], skipped: ['the wasm backend is not registered (import @tensorflow/tfjs-backend-wasm first); wasm patches skipped'] };
  }
  const kernels: string[] = [];
  const skipped: string[] = [];
  for (const patch of WASM_KERNEL_PATCHES) {
    const current = tf.getKernel(patch.kernelName, 'wasm');
    const mark = (current?.kernelFunc as MarkedKernelFunc | undefined)?.[PATCH_MARK];
    if (mark !== undefined) {
      kernels.push(patch.kernelName);
      continue;
    }
    let kernelFunc: MarkedKernelFunc;
    try {
      kernelFunc = patch.make(current?.kernelFunc) as MarkedKernelFunc;
    } catch (error) {
      skipped.push(`${patch.kernelName}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    kernelFunc[PATCH_MARK] = { kernelName: patch.kernelName, original: current?.kernelFunc };
    if (current !== undefined) tf.unregisterKernel(patch.kernelName, 'wasm');
    // Keep the stock setup/dispose functions: they bind the C++ entry points the original kernel calls.
    tf.registerKernel({ ...current, kernelName: patch.kernelName, backendName: 'wasm', kernelFunc });
    replaced.set(patch.kernelName, current);
    kernels.push(patch.kernelName);
  }
  return { tfjsVersion: version, kernels, skipped };
}

/**
 * Puts the stock wasm kernels back (for benchmarks that compare stock and patched). Only undoes what this
 * copy of the package registered.
 */
export function removeWasmPatches(): void {
  for (const [kernelName, original] of replaced) {
    if (tf.getKernel(kernelName, 'wasm') !== undefined) tf.unregisterKernel(kernelName, 'wasm');
    if (original !== undefined) tf.registerKernel(original);
  }
  replaced.clear();
}
