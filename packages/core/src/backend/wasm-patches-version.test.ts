// The patches are pinned to one tfjs version: on any other they must stand aside, untouched.
jest.mock('@tensorflow/tfjs', () => ({ ...jest.requireActual('@tensorflow/tfjs'), version_core: '4.23.0' }));

import * as tf from '@tensorflow/tfjs';
import { applyWasmPatches } from './wasm-patches.js';

describe('applyWasmPatches on another tfjs version', () => {
  it('skips every patch with the reason', async () => {
    const report = applyWasmPatches();
    expect(report).toEqual({
      tfjsVersion: '4.23.0',
      kernels: [],
      skipped: ['tfjs-core 4.23.0 is not 4.22.0; wasm patches skipped'],
    });
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeUndefined();
  });
});
