import { createScenario } from './scenario.js';
import { ListStream } from './stream.js';

describe('createScenario', () => {
  const train = ListStream.fromArray('train', []);
  const test = ListStream.fromArray('test', []);

  it('exposes named streams', () => {
    const s = createScenario({ name: 'demo', streams: { train, test, valid: ListStream.fromArray('valid', []) } });
    expect(s.trainStream).toBe(train);
    expect(s.testStream).toBe(test);
    expect(Object.keys(s.streams)).toEqual(['train', 'test', 'valid']);
  });

  it('requires train and test streams and matching names', () => {
    expect(() => createScenario({ name: 'x', streams: { train } })).toThrow(/needs a "test" stream/);
    expect(() => createScenario({ name: 'x', streams: { train, test: ListStream.fromArray('other', []) } })).toThrow(
      /key "test" holds a stream named "other"/,
    );
  });
});
