import { initBackend } from '@avalanche-ts/core';
import { SimpleMLP } from '@avalanche-ts/models';

/**
 * In a `describe` of a file whose real-data comparison runs on wasm: the block's small unit tests run on
 * the cpu backend, and wasm is selected again after them.
 */
export function useCpuBackend(): void {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });
  afterAll(async () => {
    await initBackend({ backend: 'wasm' });
  });
}

/** A tiny SimpleMLP (8 inputs, 6 hidden units, no dropout) with `numClasses` outputs, for the unit tests. */
export function tinyMlp(numClasses: number): SimpleMLP {
  return new SimpleMLP({ inputSize: 8, hiddenSize: 6, numClasses, dropRate: 0 });
}
