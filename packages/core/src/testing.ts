// Test doubles shared by every package's tests: `@avalanche-ts/core/testing`.
export { InMemoryDataset } from './testing/in-memory-dataset.js';
export { TinyModel, type TinyModelOptions } from './testing/tiny-model.js';
export { fakeScenario, type FakeScenarioOptions } from './testing/fake-scenario.js';
export { expectNoTensorLeak, countTensorsAfter } from './testing/expect-no-tensor-leak.js';
