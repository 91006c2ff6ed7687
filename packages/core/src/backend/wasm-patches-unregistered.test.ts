// Patching before the wasm backend registers its kernels would be silently undone by that registration, so
// applyWasmPatches must refuse, with the reason, and leave the registry alone.
import * as tf from '@tensorflow/tfjs';
import { applyWasmPatches } from './wasm-patches.js';

describe('applyWasmPatches before @tensorflow/tfjs-backend-wasm is imported', () => {
  it('skips every patch with the reason', () => {
    expect(tf.engine().registryFactory.wasm).toBeUndefined();
    const report = applyWasmPatches();
    expect(report.kernels).toEqual([]);
    expect(report.skipped).toEqual([
      'the wasm backend is not registered (import @tensorflow/tfjs-backend-wasm first); wasm patches skipped',
    ]);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')).toBeUndefined();
  });
});
