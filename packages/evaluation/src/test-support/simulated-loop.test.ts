import { EVAL_HOOKS, initBackend, TRAINING_HOOKS } from '@avalanche-ts/core';
import { fixture, testBackend } from './fixtures.js';
import { SimulatedLoop } from './simulated-loop.js';

describe('SimulatedLoop (test helper)', () => {
  beforeAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it("fires the hooks in Avalanche's callback order", async () => {
    const { model, train, test } = fixture();
    const loop = new SimulatedLoop({ model, plugins: [], trainMbSize: 24 });
    await loop.train(train[0]);
    // One experience, one epoch, one iteration: exactly the canonical list.
    expect(loop.firedHooks).toEqual([...TRAINING_HOOKS]);
    expect(loop.context.clock.trainIterations).toBe(1);
    loop.firedHooks.length = 0;
    await loop.eval([test[0]]);
    expect(loop.firedHooks).toEqual([...EVAL_HOOKS]);
    loop.dispose();
    model.dispose();
  });
});
