// Prints how long offering new samples to a ReservoirSamplingBuffer takes as the buffer grows. The buffer
// keeps a heap of its weights instead of re-sorting old ∪ new (as Avalanche does), so the time per update
// should hardly depend on the buffer size. Run: pnpm --filter @avalanche-ts/training bench:reservoir
import { Rng, initBackend } from '@avalanche-ts/core';
import { InMemoryDataset } from '@avalanche-ts/core/testing';
import { ReservoirSamplingBuffer } from '../src/reservoir-sampling-buffer.js';

function idDataset(n: number): InMemoryDataset {
  return new InMemoryDataset(Float32Array.from({ length: n }, (_, i) => i), [1], new Int32Array(n), new Int32Array(n));
}

await initBackend({ backend: 'cpu' });
for (const size of [1_000, 10_000, 100_000]) {
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const buffer = new ReservoirSamplingBuffer(size);
    const rng = new Rng(run);
    buffer.updateFromDataset(idDataset(size), 'base', rng);
    const t0 = performance.now();
    for (let r = 0; r < 20; r++) buffer.updateFromDataset(idDataset(500), `new${r}`, rng);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`buffer ${size.toString().padStart(7)}: 20 updates of 500 samples in ${times[2].toFixed(1)} ms (median of 5)`);
}
